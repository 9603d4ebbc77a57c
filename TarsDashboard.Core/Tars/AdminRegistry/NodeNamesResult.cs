namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>The reply of <c>getAllNodeNames</c>: the registered node names and a result text.</summary>
public sealed record NodeNamesResult(IReadOnlyList<string> Names, string Result);
