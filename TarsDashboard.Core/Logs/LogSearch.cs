using System.Text.RegularExpressions;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// A compiled search over log text: ordinal or regex, with or without case. Regexes run on the non-backtracking
/// engine, whose time is linear in the text, so a hostile pattern such as <c>(a+)+$</c> cannot stall the server;
/// a bad pattern becomes a <see cref="LogSearchError"/>, never an exception.
/// </summary>
public sealed class LogSearch
{
    /// <summary>Long enough for any pattern a person types; bounds the engine's construction cost.</summary>
    public const int MaxPatternLength = 1000;

    private readonly Regex? _regex;
    private readonly StringComparison _comparison;

    private LogSearch(string pattern, bool useRegex, bool matchCase, Regex? regex)
    {
        Pattern = pattern;
        UseRegex = useRegex;
        MatchCase = matchCase;
        _regex = regex;
        _comparison = matchCase ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
    }

    public string Pattern { get; }

    public bool UseRegex { get; }

    public bool MatchCase { get; }

    /// <summary>An empty pattern matches every line and highlights nothing.</summary>
    public bool IsEmpty => Pattern.Length == 0;

    /// <summary>Compiles <paramref name="pattern"/>; returns null and an error the UI can show when it cannot.</summary>
    public static LogSearch? TryCreate(string? pattern, bool useRegex, bool matchCase, out LogSearchError? error)
    {
        pattern ??= string.Empty;
        error = null;
        if (pattern.Length > MaxPatternLength)
        {
            error = new LogSearchError("Logs.Search.TooLong", $"The search pattern is longer than {MaxPatternLength} characters.");
            return null;
        }

        if (!useRegex || pattern.Length == 0)
        {
            return new LogSearch(pattern, useRegex, matchCase, regex: null);
        }

        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
        if (!matchCase)
        {
            options |= RegexOptions.IgnoreCase;
        }

        try
        {
            return new LogSearch(pattern, useRegex, matchCase, new Regex(pattern, options));
        }
        catch (RegexParseException ex)
        {
            error = new LogSearchError("Logs.Search.InvalidPattern", $"Invalid regular expression at position {ex.Offset}: {ex.Error}.");
        }
        catch (NotSupportedException ex)
        {
            // Lookarounds, backreferences and atomic groups need backtracking, which is what makes patterns hostile.
            error = new LogSearchError("Logs.Search.Unsupported", $"This kind of regular expression is not supported: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            error = new LogSearchError("Logs.Search.InvalidPattern", $"Invalid regular expression: {ex.Message}");
        }

        return null;
    }

    public bool IsMatch(ReadOnlySpan<char> text) =>
        IsEmpty || (_regex is null ? text.Contains(Pattern, _comparison) : _regex.IsMatch(text));

    /// <summary>Adds the non-empty matches in <paramref name="text"/> to <paramref name="matches"/>, left to right.</summary>
    public void FindMatches(ReadOnlySpan<char> text, List<TextMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        if (IsEmpty)
        {
            return;
        }

        if (_regex is not null)
        {
            foreach (var match in _regex.EnumerateMatches(text))
            {
                // Empty matches (from "a*" or "^") select lines but give nothing to highlight.
                if (match.Length > 0)
                {
                    matches.Add(new TextMatch(match.Index, match.Length));
                }
            }

            return;
        }

        var position = 0;
        while (position <= text.Length - Pattern.Length)
        {
            var found = text[position..].IndexOf(Pattern, _comparison);
            if (found < 0)
            {
                break;
            }

            matches.Add(new TextMatch(position + found, Pattern.Length));
            position += found + Pattern.Length;
        }
    }

    public IReadOnlyList<TextMatch> FindMatches(string text)
    {
        var matches = new List<TextMatch>();
        FindMatches(text.AsSpan(), matches);
        return matches;
    }

    /// <summary>The lines that match, in order, stopping after <paramref name="maxResults"/>.</summary>
    public List<LogLine> Filter(IEnumerable<LogLine> lines, int maxResults = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var result = new List<LogLine>();
        foreach (var line in lines)
        {
            if (result.Count >= maxResults)
            {
                break;
            }

            if (IsMatch(line.Text))
            {
                result.Add(line);
            }
        }

        return result;
    }
}
