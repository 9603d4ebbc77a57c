using System.Globalization;

namespace TarsDashboard.Core.Services;

/// <summary>A container port published on the host; only used when the container is not on the host's network.</summary>
/// <param name="HostIp">The host address to bind; empty for every interface.</param>
public sealed record ContainerPortBinding(int ContainerPort, string Protocol, string HostIp, int HostPort)
{
    /// <summary>Docker's key for the port: <c>8080/tcp</c>.</summary>
    public string PortKey => $"{ContainerPort.ToString(CultureInfo.InvariantCulture)}/{Protocol}";

    /// <summary>The <c>-p</c> value: <c>[hostIp:]hostPort:containerPort/proto</c> (IPv6 bracketed).</summary>
    public override string ToString()
    {
        var host = HostIp.Length == 0 ? "" : (HostIp.Contains(':') ? $"[{HostIp}]:" : $"{HostIp}:");
        return $"{host}{HostPort.ToString(CultureInfo.InvariantCulture)}:{PortKey}";
    }
}
