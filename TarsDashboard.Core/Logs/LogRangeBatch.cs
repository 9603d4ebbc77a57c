namespace TarsDashboard.Core.Logs;

/// <summary>One step of a range search: the matches found since the last batch and where the search is.</summary>
/// <param name="Matches">New matching lines, oldest first.</param>
/// <param name="Scanned">Lines inside the range read so far.</param>
/// <param name="MatchCount">Matches so far, this batch included.</param>
/// <param name="Progress">How far through the range the reading is, 0 to 1 (by the time of the last line read).</param>
/// <param name="LimitReached">The search stopped at <see cref="LogRangeQuery.MaxMatches"/>; more lines match.</param>
public sealed record LogRangeBatch(IReadOnlyList<LogLine> Matches, long Scanned, long MatchCount, double Progress, bool LimitReached);
