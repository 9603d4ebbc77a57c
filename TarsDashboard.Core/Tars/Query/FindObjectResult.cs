namespace TarsDashboard.Core.Tars.Query;

/// <summary>What <c>findObjectById4Any</c> / <c>findObjectById4All</c> return: a code (0 success) and the endpoints by liveness.</summary>
public sealed record FindObjectResult(int Ret, IReadOnlyList<EndpointF> Active, IReadOnlyList<EndpointF> Inactive);
