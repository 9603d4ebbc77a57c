namespace TarsDashboard.Core.Logs;

/// <summary>
/// Finds where a re-started file follow left off. The new <c>tail -n W -F</c> first prints the file's last W lines,
/// most of which the view already has; they are held until that window is complete (W lines, or the deadline),
/// then only the lines after the last place the previous run's final lines (the anchor) occur are let through.
/// </summary>
internal sealed class FileResumeMatcher(IReadOnlyList<string> anchor, int window, DateTimeOffset deadline)
{
    private readonly List<LogLine> _pending = [];
    private readonly List<int> _stdout = [];

    /// <summary>Still holding the re-read window.</summary>
    public bool IsDeciding { get; private set; } = true;

    public DateTimeOffset Deadline { get; } = deadline;

    /// <summary>After the decision: whether the anchor was found (false means lines may be missing or repeated).</summary>
    public bool Found { get; private set; }

    /// <summary>Holds <paramref name="lines"/> while deciding; adds what is new to <paramref name="output"/>.</summary>
    public void Add(List<LogLine> lines, List<LogLine> output)
    {
        if (!IsDeciding)
        {
            output.AddRange(lines);
            return;
        }

        foreach (var line in lines)
        {
            if (line.Stream == LogStream.Stdout)
            {
                _stdout.Add(_pending.Count);
            }

            _pending.Add(line);
        }

        // tail prints exactly W lines of a file that has them; stderr notes and a flood of new lines are bounded too.
        if (_stdout.Count >= window || _pending.Count >= 2 * window)
        {
            Decide(output);
        }
    }

    /// <summary>Ends the hold (window complete or deadline passed) and adds the lines after the anchor to <paramref name="output"/>.</summary>
    public void Decide(List<LogLine> output)
    {
        if (!IsDeciding)
        {
            return;
        }

        IsDeciding = false;
        var start = anchor.Count == 0 ? 0 : AfterLastAnchor();
        Found = start >= 0 || _stdout.Count == 0; // an empty or missing file has nothing to find
        for (var i = Math.Max(start, 0); i < _pending.Count; i++)
        {
            output.Add(_pending[i]);
        }

        _pending.Clear();
        _stdout.Clear();
    }

    // Index in _pending just after the last run of stdout lines equal to the anchor, or -1.
    private int AfterLastAnchor()
    {
        for (var end = _stdout.Count - 1; end >= anchor.Count - 1; end--)
        {
            var matches = true;
            for (var k = 0; k < anchor.Count && matches; k++)
            {
                matches = string.Equals(_pending[_stdout[end - k]].Text, anchor[anchor.Count - 1 - k], StringComparison.Ordinal);
            }

            if (matches)
            {
                return _stdout[end] + 1;
            }
        }

        return -1;
    }
}
