using System.Globalization;
using System.Text;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Templates;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The config file tarsnode generates for a service (<c>&lt;serverDir&gt;/conf/App.Server.config.conf</c>): the merged
/// template with its <c>${...}</c> placeholders filled, and the adapters under
/// <c>&lt;tars&gt;&lt;application&gt;&lt;server&gt;&lt;App.Server.XxxObjAdapter&gt;</c>. Pure: no I/O.
/// </summary>
public static class ServiceConfigFile
{
    /// <summary>tarsregistry's query servant, on its usual port of the framework host.</summary>
    public const int RegistryPort = 17890;

    public static string RelativePath(string application, string serverName) => $"conf/{application}.{serverName}.config.conf";

    /// <param name="registryHost">Where the framework's registry runs; the node itself when not known.</param>
    public static string Build(ServerConfRow server, TarsConfigDocument merged, IReadOnlyList<AdapterConfRow> adapters, string? registryHost = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(merged);
        ArgumentNullException.ThrowIfNull(adapters);
        var adapterText = new StringBuilder("<tars>\n<application>\n<server>\n");
        foreach (var adapter in adapters.OrderBy(a => a.AdapterName, StringComparer.Ordinal))
        {
            adapterText.Append(CultureInfo.InvariantCulture, $"<{adapter.AdapterName}>\n")
                .Append(CultureInfo.InvariantCulture, $"endpoint={adapter.Endpoint}\n")
                .Append(CultureInfo.InvariantCulture, $"allow={adapter.AllowIp}\n")
                .Append(CultureInfo.InvariantCulture, $"maxconns={adapter.MaxConnections}\n")
                .Append(CultureInfo.InvariantCulture, $"threads={adapter.ThreadNum}\n")
                .Append(CultureInfo.InvariantCulture, $"queuecap={adapter.Queuecap ?? 50000}\n")
                .Append(CultureInfo.InvariantCulture, $"queuetimeout={adapter.Queuetimeout ?? 20000}\n")
                .Append(CultureInfo.InvariantCulture, $"servant={adapter.Servant}\n")
                .Append(CultureInfo.InvariantCulture, $"protocol={adapter.Protocol}\n")
                .Append(CultureInfo.InvariantCulture, $"</{adapter.AdapterName}>\n");
        }

        adapterText.Append("</server>\n</application>\n</tars>\n");
        var parsed = TarsConfigParser.Parse(adapterText.ToString());
        var document = parsed.Succeeded ? TarsConfigMerger.MergeChain([merged, parsed.Document]) : merged;
        return ProfilePlaceholders.Replace(TarsConfigWriter.Write(document), Placeholders(server, registryHost));
    }

    /// <summary>The values tarsnode substitutes, for this instance.</summary>
    public static IReadOnlyDictionary<string, string> Placeholders(ServerConfRow server, string? registryHost = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        var serverDir = ServiceFolders.ServerDir(server.Application, server.ServerName);
        var enableSet = string.Equals(server.EnableSet, "Y", StringComparison.OrdinalIgnoreCase);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["app"] = server.Application,
            ["server"] = server.ServerName,
            ["modulename"] = $"{server.Application}.{server.ServerName}",
            ["nodename"] = server.NodeName,
            ["localip"] = server.NodeName,
            ["basepath"] = $"{serverDir}/bin/",
            ["datapath"] = $"{serverDir}/data/",
            ["logpath"] = ServiceFolders.LogDir,
            ["locator"] = $"tars.tarsregistry.QueryObj@tcp -h {registryHost ?? server.NodeName} -p {RegistryPort.ToString(CultureInfo.InvariantCulture)}",
            ["local"] = "tcp -h 127.0.0.1 -p 0 -t 3000",
            ["enableset"] = enableSet ? "y" : "n",
            ["setdivision"] = enableSet ? $"{server.SetName}.{server.SetArea}.{server.SetGroup}" : "NULL",
            ["asyncthread"] = (server.AsyncThreadNum ?? 3).ToString(CultureInfo.InvariantCulture),
        };
    }
}
