namespace TarsDashboard.Core.Logs;

/// <summary>
/// Decides whether a line continues the entry before it, so a stack trace (Java, .NET, Python, Go) shows as one entry:
/// an indented line, or a trace marker such as <c>Caused by:</c>, on the same stream moments after the previous line.
/// Pure and per line (no look-back beyond the previous line and a <see cref="TraceState"/>), so grouping stays
/// linear in the lines read. The caller keeps lines of different sources apart.
/// </summary>
public static class StackTraceContinuation
{
    /// <summary>A trace is written in one go; a line more than this after the previous one starts a new entry.</summary>
    public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(1);

    /// <summary>The most lines that join one entry; the next starts a new one, so an endless indented stream stays bounded.</summary>
    public const int MaxContinuations = 500;

    /// <summary>The state an entry starting with <paramref name="text"/> opens.</summary>
    public static TraceState Begin(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = SkipEscapes(text.AsSpan()).TrimEnd();
        if (span.EndsWith("Traceback (most recent call last):", StringComparison.Ordinal))
        {
            return TraceState.PythonFrames;
        }

        return span.StartsWith("panic: ", StringComparison.Ordinal)
            || span.StartsWith("fatal error: ", StringComparison.Ordinal)
            || IsGoroutineHeader(span)
            ? TraceState.GoDump
            : TraceState.Plain;
    }

    /// <summary>
    /// Whether <paramref name="line"/> continues an entry whose last line is <paramref name="previous"/> and whose
    /// state is <paramref name="state"/>; when it does, <paramref name="state"/> moves on.
    /// </summary>
    public static bool Continues(LogLine previous, LogLine line, ref TraceState state)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(line);
        if (line.Stream != previous.Stream || !IsSoonAfter(previous.Timestamp, line.Timestamp))
        {
            return false;
        }

        return ContinuesText(line.Text, ref state);
    }

    /// <summary>The text rules alone (no stream or time): whether <paramref name="text"/> continues an entry in <paramref name="state"/>.</summary>
    public static bool ContinuesText(string text, ref TraceState state)
    {
        ArgumentNullException.ThrowIfNull(text);
        var span = SkipEscapes(text.AsSpan());
        if (span.IsWhiteSpace())
        {
            // Go puts a blank line between the panic and each goroutine; elsewhere a blank line ends the entry.
            return state == TraceState.GoDump;
        }

        if (span[0] is ' ' or '\t')
        {
            return true;
        }

        if (IsTraceMarker(span))
        {
            return true;
        }

        switch (state)
        {
            case TraceState.PythonFrames:
                // "ValueError: bad input" closes the traceback; what follows unindented is a new entry.
                state = TraceState.Plain;
                return true;
            case TraceState.GoDump:
                return IsGoroutineHeader(span.TrimEnd())
                    || span.StartsWith("created by ", StringComparison.Ordinal)
                    || span.StartsWith("[signal ", StringComparison.Ordinal)
                    || span.TrimEnd().EndsWith(')');
            default:
                return false;
        }
    }

    // Without a time on either line there is nothing to go by but the text.
    private static bool IsSoonAfter(DateTimeOffset? previous, DateTimeOffset? next) =>
        previous is not { } before || next is not { } after || (after - before).Duration() <= MaxPause;

    // Java "Caused by:", "Suppressed:", "... 12 more"; .NET "---> Inner: ..." and "--- End of inner exception stack trace ---".
    private static bool IsTraceMarker(ReadOnlySpan<char> span) =>
        span.StartsWith("Caused by: ", StringComparison.Ordinal)
        || span.StartsWith("Suppressed: ", StringComparison.Ordinal)
        || span.StartsWith("---> ", StringComparison.Ordinal)
        || span.StartsWith("--- End of ", StringComparison.Ordinal)
        || IsMoreFrames(span);

    private static bool IsMoreFrames(ReadOnlySpan<char> span)
    {
        if (!span.StartsWith("... ", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = span[4..];
        var digits = rest.IndexOfAnyExceptInRange('0', '9');
        return digits > 0 && rest[digits..].TrimEnd().SequenceEqual(" more");
    }

    // "goroutine 1 [running]:"
    private static bool IsGoroutineHeader(ReadOnlySpan<char> span)
    {
        if (!span.StartsWith("goroutine ", StringComparison.Ordinal) || !span.EndsWith("]:", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = span["goroutine ".Length..];
        var digits = rest.IndexOfAnyExceptInRange('0', '9');
        return digits > 0 && rest[digits..].StartsWith(" [", StringComparison.Ordinal);
    }

    // A colour code before the indentation ("\e[31m\tat ...") does not make the line unindented.
    private static ReadOnlySpan<char> SkipEscapes(ReadOnlySpan<char> span)
    {
        while (span.Length > 2 && span[0] == '\e' && span[1] == '[')
        {
            var end = span[2..].IndexOfAnyExcept("0123456789;");
            if (end < 0 || span[2 + end] != 'm')
            {
                break;
            }

            span = span[(3 + end)..];
        }

        return span;
    }
}
