namespace TarsDashboard.Core.Templates;

/// <summary>
/// A container port published on the host: one <c>containerPort/proto=hostIp:hostPort</c> line of <c>&lt;ports&gt;</c>.
/// An empty <see cref="HostIp"/> means every interface and is written as <c>0.0.0.0</c>.
/// </summary>
public sealed record PortMapping(int ContainerPort, string Protocol, string HostIp, int HostPort);
