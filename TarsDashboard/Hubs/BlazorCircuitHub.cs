using Microsoft.AspNetCore.SignalR;

namespace TarsDashboard.Hubs;

/// <summary>
/// Keeps Blazor's circuit hub on SignalR's in-process lifetime manager when the Redis backplane is on. A circuit lives
/// on one instance (sticky sessions) and only ever talks to its own connection, so the backplane gives it nothing;
/// but the backplane's manager subscribes in Redis for every new connection and refuses the connection while Redis is
/// down, which would make every page load fail during a Redis outage.
/// </summary>
internal static class BlazorCircuitHub
{
    // Blazor's hub type is internal to the framework; looked up by name, and checked by a test so a rename shows.
    public const string TypeName = "Microsoft.AspNetCore.Components.Server.ComponentHub, Microsoft.AspNetCore.Components.Server";

    public static Type? HubType => Type.GetType(TypeName, throwOnError: false);

    public static void KeepInProcess(IServiceCollection services)
    {
        if (HubType is { } hub)
        {
            // A closed registration wins over the backplane's open generic one for this hub only.
            services.AddSingleton(typeof(HubLifetimeManager<>).MakeGenericType(hub), typeof(DefaultHubLifetimeManager<>).MakeGenericType(hub));
        }
    }
}
