using System.Globalization;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Templates;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The config file tarsnode generates for a service (<c>&lt;serverDir&gt;/conf/App.Server.config.conf</c>, CommandLoad's
/// updateConfigFile): <c>&lt;server&gt; node=</c> and the adapters under
/// <c>&lt;tars&gt;&lt;application&gt;&lt;server&gt;&lt;App.Server.XxxObjAdapter&gt;</c> first, then the merged template with its
/// <c>${...}</c> placeholders filled merged over them (the template wins where both set a key). Pure: no I/O.
/// </summary>
/// <remarks>
/// <para><c>node=</c>: tarsnode writes its own ServerObj there and TarsCpp's Application sends it heartbeats; with an empty
/// value Application creates no node proxy at all (KeepAliveNodeFHelper::setNodeInfo skips it) and the service runs
/// without heartbeats or errors. On an engine-managed node no tarsnode runs, so the dashboard writes it empty: a
/// ServerObj address there would only make the service report to nothing (or, worse, to a tarsnode that then believes
/// it owns the service and replaces its container). A template that sets <c>node=</c> itself still wins, as in tarsnode.</para>
/// <para><c>${locator}</c>: the framework's registry when one is known. Otherwise <see cref="NoFrameworkLocator"/>, a
/// well-formed locator on loopback: an empty locator would make TarsCpp throw "locator is not valid" while it creates the
/// stat and property proxies the stock templates name, so the service would not start; a loopback port with no registry
/// behind it only makes those calls fail fast (connection refused) and be retried, and it is where a registry on the
/// same host would answer.</para>
/// </remarks>
public static class ServiceConfigFile
{
    /// <summary>tarsregistry's query servant, on its usual port of the framework host.</summary>
    public const int RegistryPort = 17890;

    /// <summary><c>${locator}</c> when no framework is known: well-formed, on loopback, harmless (see the remarks).</summary>
    public const string NoFrameworkLocator = "tars.tarsregistry.QueryObj@tcp -h 127.0.0.1 -p 17890";

    /// <summary>tarsnode's admin endpoint timeout.</summary>
    public const int AdminTimeoutMs = 10000;

    public static string Build(ServerConfRow server, TarsConfigDocument merged, IReadOnlyList<AdapterConfRow> adapters, ServiceConfigSettings settings)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(merged);
        ArgumentNullException.ThrowIfNull(adapters);
        ArgumentNullException.ThrowIfNull(settings);
        var layout = ServiceLayout.For(server, merged);
        var nodeAndAdapters = new TarsConfigDocument
        {
            Sections =
            [
                new TarsConfigSection("tars")
                {
                    Sections =
                    [
                        new TarsConfigSection("application")
                        {
                            Sections =
                            [
                                new TarsConfigSection("server")
                                {
                                    Entries = [new TarsConfigEntry("node", settings.NodeObj)],
                                    Sections = [.. adapters.Where(a => a.AdapterName.Length > 0).OrderBy(a => a.AdapterName, StringComparer.Ordinal)
                                        .Select(a => AdapterSection(a, settings.InContainer))],
                                },
                            ],
                        },
                    ],
                },
            ],
        };

        var template = Fill(merged, Placeholders(server, layout, settings));
        var text = TarsConfigWriter.Write(TarsConfigMerger.MergeChain([nodeAndAdapters, template]));
        // tarsnode writes "\s" in values as a space.
        return text.Replace("\\s", " ", StringComparison.Ordinal);
    }

    /// <summary>The values tarsnode substitutes, for this instance (CommandLoad's macro table).</summary>
    public static IReadOnlyDictionary<string, string> Placeholders(ServerConfRow server, ServiceLayout layout, ServiceConfigSettings settings)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(settings);
        var setDivision = string.Equals(server.EnableSet?.Trim(), "y", StringComparison.OrdinalIgnoreCase)
            ? $"{server.SetName}.{server.SetArea}.{server.SetGroup}"
            : "";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["modulename"] = layout.ServiceId,
            ["app"] = server.Application,
            ["server"] = server.ServerName,
            ["nodename"] = server.NodeName,
            ["serverid"] = layout.ServiceId,
            ["localip"] = server.NodeName,
            ["exe"] = layout.ExeFile,
            ["basepath"] = layout.ExePath,
            ["datapath"] = layout.ServerDir + "/data/",
            ["logpath"] = ServiceFolders.LogDir,
            ["local"] = AdminEndpoint(settings.AdminPort, settings.InContainer),
            ["locator"] = string.IsNullOrWhiteSpace(settings.Locator) ? NoFrameworkLocator : settings.Locator.Trim(),
            // tarsnode fills it only when the framework has no private key; the dashboard has none.
            ["priKey"] = "",
            ["mainclass"] = $"com.qq.{server.Application.ToLowerInvariant()}.{server.ServerName.ToLowerInvariant()}.{server.ServerName}",
            ["config-center-port"] = server.ConfigCenterPort.ToString(CultureInfo.InvariantCulture),
            ["setdivision"] = setDivision.Length == 0 ? "NULL" : setDivision,
            ["enableset"] = setDivision.Length == 0 ? "n" : "y",
            ["asyncthread"] = AsyncThreads(server).ToString(CultureInfo.InvariantCulture),
            ["baseimage"] = settings.BaseImage,
            ["sha"] = settings.Sha,
        };
    }

    /// <summary>The admin endpoint tarsnode writes as <c>${local}</c>: loopback natively, every address in a container.</summary>
    public static string AdminEndpoint(int port, bool inContainer) =>
        $"tcp -h {(inContainer ? "0.0.0.0" : "127.0.0.1")} -p {port.ToString(CultureInfo.InvariantCulture)} -t {AdminTimeoutMs.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// <c>${asyncthread}</c> as tarsregistry works it out: async_thread_num, at least 3 (at least 0 for tars_nodejs), unless
    /// the private profile sets <c>&lt;client&gt; asyncthread=</c> itself.
    /// </summary>
    public static int AsyncThreads(ServerConfRow server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var profile = TarsConfigParser.Parse(server.Profile ?? "");
        if (profile.Succeeded && profile.Document!.GetValue("/tars/application/client<asyncthread>") is { } own)
        {
            return int.TryParse(own.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;
        }

        var floor = string.Equals(server.ServerType?.Trim(), "tars_nodejs", StringComparison.OrdinalIgnoreCase) ? 0 : 3;
        return Math.Max(server.AsyncThreadNum ?? 0, floor);
    }

    private static TarsConfigSection AdapterSection(AdapterConfRow adapter, bool inContainer)
    {
        var endpoint = adapter.Endpoint;
        if (inContainer && EndpointText.TryParse(endpoint) is { } parsed)
        {
            // In a container tarsnode makes every adapter listen on all addresses.
            endpoint = (parsed with { Host = "0.0.0.0" }).ToString();
        }

        return new TarsConfigSection(adapter.AdapterName)
        {
            Entries =
            [
                new("endpoint", endpoint),
                new("allow", adapter.AllowIp),
                new("queuecap", (adapter.Queuecap ?? 50000).ToString(CultureInfo.InvariantCulture)),
                new("queuetimeout", (adapter.Queuetimeout ?? 20000).ToString(CultureInfo.InvariantCulture)),
                new("maxconns", adapter.MaxConnections.ToString(CultureInfo.InvariantCulture)),
                new("threads", adapter.ThreadNum.ToString(CultureInfo.InvariantCulture)),
                new("servant", adapter.Servant),
                new("protocol", string.IsNullOrEmpty(adapter.Protocol) ? "tars" : adapter.Protocol),
            ],
        };
    }

    // The placeholders filled in every key and value of the template (tarsnode decodes the macros of the template only).
    private static TarsConfigDocument Fill(TarsConfigDocument document, IReadOnlyDictionary<string, string> values) =>
        document with { Sections = [.. document.Sections.Select(s => Fill(s, values))] };

    private static TarsConfigSection Fill(TarsConfigSection section, IReadOnlyDictionary<string, string> values) => section with
    {
        Entries = [.. section.Entries.Select(e => e with { Key = ProfilePlaceholders.Replace(e.Key, values), Value = ProfilePlaceholders.Replace(e.Value, values) })],
        Sections = [.. section.Sections.Select(s => Fill(s, values))],
    };
}
