using System.Net;
using System.Net.Sockets;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>Finds loopback ports that nothing listens on, so parallel servers never collide.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
