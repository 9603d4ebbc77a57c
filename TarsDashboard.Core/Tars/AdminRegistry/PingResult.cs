namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>The reply of <c>pingNode</c>: whether AdminReg reached the node, and its result text.</summary>
public sealed record PingResult(bool Reachable, string Result);
