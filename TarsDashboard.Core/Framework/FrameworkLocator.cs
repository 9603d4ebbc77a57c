using Microsoft.Extensions.Options;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// Tells where the Tars framework's registry is: the <c>Framework:Locator</c> setting, else (when possible) what
/// db_tars says; null when the dashboard runs without a framework. Services get it as <c>${locator}</c>.
/// </summary>
public sealed class FrameworkLocator(IOptions<FrameworkOptions> options)
{
    /// <summary>tarsregistry's query servant, on its usual port.</summary>
    public const string QueryServant = "tars.tarsregistry.QueryObj";

    public const int DefaultRegistryPort = 17890;

    /// <summary>The locator string (<c>tars.tarsregistry.QueryObj@tcp -h … -p …[:tcp …]</c>), or null when none is known.</summary>
    public Task<string?> GetLocatorAsync(CancellationToken cancellationToken = default)
    {
        var configured = options.Value.Locator.Trim();
        return Task.FromResult<string?>(configured.Length == 0 ? null : configured);
    }
}
