using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// Tells where the Tars framework's registry is: the <c>Framework:Locator</c> setting, else what db_tars says (the
/// <c>QueryObj</c> adapter rows of the active tarsregistry instances); null when the dashboard runs without a
/// framework. Services get it as <c>${locator}</c>. Also lists tarsAdminRegistry's endpoints from db_tars. Read at
/// most every <see cref="CacheFor"/>; never throws for missing rows or an unreadable database.
/// </summary>
public sealed class FrameworkLocator
{
    /// <summary>tarsregistry's query servant, on its usual port.</summary>
    public const string QueryServant = "tars.tarsregistry.QueryObj";

    public const int DefaultRegistryPort = 17890;

    /// <summary>tarsAdminRegistry's servant, on its usual port.</summary>
    public const string AdminRegistryServant = "tars.tarsAdminRegistry.AdminRegObj";

    public const int DefaultAdminRegistryPort = 12000;

    /// <summary>How long one reading of db_tars is reused.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly IOptions<FrameworkOptions> _options;
    private readonly AdapterConfRepository? _adapters;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    // One immutable reading, swapped whole: a nullable tuple field could be read half-written by another thread.
    private volatile CachedReading? _cached;

    internal FrameworkLocator(IOptions<FrameworkOptions> options, AdapterConfRepository adapters, ILogger<FrameworkLocator> logger, TimeProvider clock)
    {
        _clock = clock;
        _options = options;
        _adapters = adapters;
        _logger = logger;
    }

    /// <summary>Only the setting, no discovery (no database at hand).</summary>
    public FrameworkLocator(IOptions<FrameworkOptions> options)
    {
        _options = options;
        _logger = NullLogger.Instance;
        _clock = TimeProvider.System;
    }

    /// <summary>The locator string (<c>tars.tarsregistry.QueryObj@tcp -h … -p …[:tcp …]</c>), or null when none is known.</summary>
    public async Task<string?> GetLocatorAsync(CancellationToken cancellationToken = default) =>
        (await GetEndpointsAsync(cancellationToken)).Locator;

    /// <summary>The effective locator with its source, and tarsAdminRegistry's endpoints.</summary>
    public async Task<FrameworkEndpoints> GetEndpointsAsync(CancellationToken cancellationToken = default)
    {
        if (_cached is { } cached && _clock.GetUtcNow().UtcDateTime - cached.ReadAt < CacheFor)
        {
            return cached.Value;
        }

        var value = await ReadAsync(cancellationToken);
        _cached = new CachedReading(_clock.GetUtcNow().UtcDateTime, value);
        return value;
    }

    private sealed record CachedReading(DateTime ReadAt, FrameworkEndpoints Value);

    /// <summary>Forgets the cached reading (after the framework's rows were changed here).</summary>
    public void Invalidate() => _cached = null;

    private async Task<FrameworkEndpoints> ReadAsync(CancellationToken cancellationToken)
    {
        var configured = _options.Value.Locator.Trim();
        if (_adapters is null)
        {
            return new FrameworkEndpoints(configured.Length == 0 ? null : configured,
                configured.Length == 0 ? FrameworkLocatorSource.None : FrameworkLocatorSource.Setting, []);
        }

        try
        {
            var registries = ActiveEndpoints(await _adapters.ListServantEndpointsAsync(QueryServant, cancellationToken), DefaultRegistryPort);
            var admin = ActiveEndpoints(await _adapters.ListServantEndpointsAsync(AdminRegistryServant, cancellationToken), DefaultAdminRegistryPort);
            return configured.Length > 0 ? new FrameworkEndpoints(configured, FrameworkLocatorSource.Setting, admin)
                : registries.Count > 0 ? new FrameworkEndpoints(new TarsObjectRef(QueryServant, registries).ToString(), FrameworkLocatorSource.Database, admin)
                : new FrameworkEndpoints(null, FrameworkLocatorSource.None, admin);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Could not read the framework's endpoints from db_tars: {Reason}", exception.Message);
            return new FrameworkEndpoints(configured.Length == 0 ? null : configured,
                configured.Length == 0 ? FrameworkLocatorSource.None : FrameworkLocatorSource.Setting, [], exception.Message);
        }
    }

    // Instances tarsregistry itself would advertise: active in t_server_conf, or with no row there at all (a framework
    // whose servers were registered only as adapters). Duplicates collapse; the database's order is kept.
    private static List<TarsEndpoint> ActiveEndpoints(IEnumerable<ServantEndpointRow> rows, int defaultPort) =>
        [.. rows
            .Where(r => (r.SettingState is null or "active") && (r.PresentState is null or "active"))
            .Select(r => Endpoint(r.Endpoint, defaultPort))
            .OfType<TarsEndpoint>()
            .Distinct()];

    // A t_adapter_conf endpoint (tcp -h 10.0.0.5 -t 60000 -p 17890) as a locator names it: host and port only (the
    // servant's usual port when the row has none); null when it is not a usable tcp endpoint.
    private static TarsEndpoint? Endpoint(string? text, int defaultPort)
    {
        if (!TarsEndpoint.TryParse(text, out var endpoint, out _)
            && !TarsEndpoint.TryParse(text + " -p " + defaultPort.ToString(CultureInfo.InvariantCulture), out endpoint, out _))
        {
            return null;
        }

        return new TarsEndpoint(endpoint.Host, endpoint.Port);
    }
}
