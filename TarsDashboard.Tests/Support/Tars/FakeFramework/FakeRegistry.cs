using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Query;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>
/// tarsregistry's <c>QueryObj</c> on a <see cref="TarsTestServer"/>: <c>findObjectById</c> answers tarsAdminRegistry's
/// endpoint while it is up and advertised (tarsregistry lists only active servants), else an empty list, as the real
/// one does for a servant with no active endpoint. Asking for any other servant is recorded as unexpected: the
/// dashboard only ever looks up AdminRegObj.
/// </summary>
public sealed class FakeRegistry
{
    public const string Servant = QueryClient.Servant;

    private readonly List<string> _unexpected = [];

    public FakeRegistry(FakeAdminRegistry adminRegistry)
    {
        Server = TarsTestServer.Start();
        Server.Answer(Servant, "findObjectById", (args, result) =>
        {
            var id = args.ReadString(1, required: true);
            if (id != AdminRegistryClient.Servant)
            {
                lock (_unexpected)
                {
                    _unexpected.Add($"findObjectById({id})");
                }
            }

            IReadOnlyList<EndpointF> endpoints = id == AdminRegistryClient.Servant && adminRegistry.IsUp && AdvertiseAdminRegistry
                ? [new EndpointF { Host = "127.0.0.1", Port = adminRegistry.Server.Port, Timeout = 60000, IsTcp = 1 }]
                : [];
            result.WriteStructList(0, endpoints);
        });
    }

    public TarsTestServer Server { get; }

    /// <summary>False: the registry lists no active AdminRegObj (its row inactive), so clients fall back to db_tars.</summary>
    public bool AdvertiseAdminRegistry { get; set; } = true;

    /// <summary>The locator a client is configured with: <c>tars.tarsregistry.QueryObj@tcp -h 127.0.0.1 -p …</c>.</summary>
    public string Locator => $"{Servant}@tcp -h 127.0.0.1 -p {Server.Port}";

    public IReadOnlyList<string> Unexpected
    {
        get
        {
            lock (_unexpected)
            {
                return [.. _unexpected];
            }
        }
    }
}
