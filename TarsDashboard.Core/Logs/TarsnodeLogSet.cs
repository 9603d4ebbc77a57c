namespace TarsDashboard.Core.Logs;

/// <summary>What <see cref="TarsnodeLogs.ResolveAsync"/> found: the sources to open together (merged by time) and how.</summary>
/// <param name="Sources">tarsnode's own log, or its per-service log and the service's own log (and its container output when asked).</param>
/// <param name="Route">The route the first tarsnode log takes (<see cref="TarsnodeLogRoute.None"/> when there is none).</param>
/// <param name="TarsnodeContainer">The container found holding tarsnode, when the engine has one.</param>
/// <param name="Denied">Logs were there but the caller's grants cover none of them.</param>
public sealed record TarsnodeLogSet(IReadOnlyList<LogSourceId> Sources, TarsnodeLogRoute Route, string? TarsnodeContainer, bool Denied)
{
    public bool IsEmpty => Sources.Count == 0;
}
