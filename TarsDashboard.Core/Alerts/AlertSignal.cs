namespace TarsDashboard.Core.Alerts;

/// <summary>
/// One observation turned into alert terms: <paramref name="Kinds"/> become active (or clear, when <paramref name="Active"/>
/// is false) for <paramref name="Target"/>. A start, for example, clears exit, OOM and unhealthy at once.
/// </summary>
/// <param name="Detail">What happened, in the words the webhook carries (e.g. <c>exited with code 3</c>).</param>
public sealed record AlertSignal(IReadOnlyList<AlertKind> Kinds, AlertTarget Target, bool Active, string Detail, DateTimeOffset At);
