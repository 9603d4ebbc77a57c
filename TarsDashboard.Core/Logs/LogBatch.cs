namespace TarsDashboard.Core.Logs;

/// <summary>Lines a reader had not seen yet, and the gap before them: lines overwritten before the reader got to them.</summary>
/// <param name="Lines">Unseen lines, oldest first.</param>
/// <param name="Missed">Lines lost between the reader's cursor and <paramref name="Lines"/> (overwritten before it read them); show a gap marker when above 0.</param>
/// <param name="LastSequence">The reader's new cursor: pass it as "after" to continue without duplicates.</param>
public sealed record LogBatch(IReadOnlyList<LogLine> Lines, long Missed, long LastSequence)
{
    public bool IsEmpty => Lines.Count == 0 && Missed == 0;
}
