namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>The reply of <c>getVersion</c>: a code and the framework's version (e.g. "3.0.17").</summary>
public sealed record VersionResult(int Ret, string Version);
