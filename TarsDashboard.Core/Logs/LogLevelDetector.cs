using System.Buffers;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Finds the level a line announces: Tars <c>|DEBUG|</c>, <c>[ERROR]</c>, <c>level=warn</c>, JSON
/// <c>"level":"error"</c> (or pino's numeric <c>"level":50</c>), <c>WARN:</c>, .NET's <c>fail:</c>, or a bare
/// upper-case <c> ERROR </c>. One forward scan over words, no regex; a level word counts only with one of those markers
/// around it, so "no error occurred" stays undetected. A JSON line's level key may also sit near its end.
/// </summary>
public static class LogLevelDetector
{
    // Markers sit near the start of a line; scanning a 1 MB JSON blob to the end would cost more than it finds.
    private const int ScanLimit = 512;

    private static readonly SearchValues<char> Letters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    private static readonly SearchValues<char> KeyChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.@");

    /// <summary>The first marked level word in the text, or <see cref="LogSeverity.None"/>.</summary>
    public static LogSeverity Detect(ReadOnlySpan<char> text)
    {
        var head = text.Length > ScanLimit ? text[..ScanLimit] : text;
        var level = Scan(head, keyValueOnly: false);
        if (level == LogSeverity.None)
        {
            level = NumericJsonLevel(head);
        }

        // {"message":"<a long text>","severity":"ERROR"}: only a key's value counts in the tail, never a word in the message.
        if (level == LogSeverity.None && text.Length > ScanLimit && text.TrimEnd().EndsWith('}'))
        {
            level = Scan(text[^ScanLimit..], keyValueOnly: true);
        }

        return level;
    }

    private static LogSeverity Scan(ReadOnlySpan<char> text, bool keyValueOnly)
    {
        var position = 0;
        while (position < text.Length)
        {
            var offset = text[position..].IndexOfAny(Letters);
            if (offset < 0)
            {
                break;
            }

            var start = position + offset;
            var length = text[start..].IndexOfAnyExcept(Letters);
            var end = length < 0 ? text.Length : start + length;
            var before = start > 0 ? text[start - 1] : '\0';
            if (IsEscapeFinal(text, start))
            {
                // "\e[31mERROR": the 'm' ends a colour code, so the word starts one letter later.
                start++;
                before = '\0';
            }

            var after = end < text.Length ? text[end] : '\0';
            if (after == '\e')
            {
                after = '\0';
            }

            var level = Classify(text[start..end]);
            if (level != LogSeverity.None && (keyValueOnly ? IsKeyValueMarked(text, start, before, after) : IsMarked(text, start, end, before, after)))
            {
                return level;
            }

            position = end;
        }

        return LogSeverity.None;
    }

    private static LogSeverity Classify(ReadOnlySpan<char> word) => word.Length switch
    {
        3 => Is(word, "err") ? LogSeverity.Error
            : Is(word, "inf") ? LogSeverity.Info
            : Is(word, "wrn") ? LogSeverity.Warn
            : Is(word, "dbg") ? LogSeverity.Debug
            : Is(word, "trc") ? LogSeverity.Trace
            : Is(word, "ftl") ? LogSeverity.Fatal
            : LogSeverity.None,
        4 => Is(word, "info") ? LogSeverity.Info
            : Is(word, "warn") ? LogSeverity.Warn
            : Is(word, "fail") ? LogSeverity.Error
            : Is(word, "crit") ? LogSeverity.Fatal
            : Is(word, "dbug") ? LogSeverity.Debug
            : Is(word, "trce") ? LogSeverity.Trace
            : Is(word, "erro") ? LogSeverity.Error
            : Is(word, "fata") ? LogSeverity.Fatal
            : LogSeverity.None,
        5 => Is(word, "error") ? LogSeverity.Error
            : Is(word, "debug") ? LogSeverity.Debug
            : Is(word, "trace") ? LogSeverity.Trace
            : Is(word, "fatal") ? LogSeverity.Fatal
            : Is(word, "panic") ? LogSeverity.Fatal
            : LogSeverity.None,
        6 => Is(word, "notice") ? LogSeverity.Info : LogSeverity.None,
        7 => Is(word, "warning") ? LogSeverity.Warn
            : Is(word, "verbose") ? LogSeverity.Trace
            : LogSeverity.None,
        8 => Is(word, "critical") ? LogSeverity.Fatal : LogSeverity.None,
        11 => Is(word, "information") ? LogSeverity.Info : LogSeverity.None,
        _ => LogSeverity.None,
    };

    private static bool IsMarked(ReadOnlySpan<char> text, int start, int end, char before, char after) =>
        (before, after) switch
        {
            ('[', ']') or ('|', '|') or ('<', '>') => true,
            (_, ':') when before is '\0' or ' ' or '\t' or ']' => true,
            ('=', _) or ('"', '"') or (':', _) or (' ', _) when IsKeyValue(text, start, before, after) => true,
            _ => IsShout(text[start..end], before, after),
        };

    private static bool IsKeyValueMarked(ReadOnlySpan<char> text, int start, char before, char after) =>
        before is '=' or '"' or ':' or ' ' && IsKeyValue(text, start, before, after);

    // pino and bunyan: "level":30 (10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal).
    private static LogSeverity NumericJsonLevel(ReadOnlySpan<char> text)
    {
        var key = text.IndexOf("\"level\":", StringComparison.Ordinal);
        if (key < 0)
        {
            return LogSeverity.None;
        }

        var value = text[(key + "\"level\":".Length)..].TrimStart(' ');
        if (value.Length < 2 || !char.IsAsciiDigit(value[0]) || value[1] != '0' || (value.Length > 2 && value[2] is not (',' or '}' or ' ')))
        {
            return LogSeverity.None;
        }

        return value[0] switch
        {
            '1' => LogSeverity.Trace,
            '2' => LogSeverity.Debug,
            '3' => LogSeverity.Info,
            '4' => LogSeverity.Warn,
            '5' => LogSeverity.Error,
            '6' => LogSeverity.Fatal,
            _ => LogSeverity.None,
        };
    }

    private static bool IsEscapeFinal(ReadOnlySpan<char> text, int start)
    {
        var i = start - 1;
        while (i >= 0 && (char.IsAsciiDigit(text[i]) || text[i] == ';'))
        {
            i--;
        }

        return i >= 1 && text[i] == '[' && text[i - 1] == '\e';
    }

    // level=warn, level="warn", "level":"warn", "level": "warn", lvl=, severity=, "@l":"Warning", "log.level":...
    private static bool IsKeyValue(ReadOnlySpan<char> text, int start, char before, char after)
    {
        var i = start - 1;
        var quoted = before == '"';
        if (quoted)
        {
            if (after != '"')
            {
                return false;
            }

            i--;
        }
        else if (after is not ('\0' or ' ' or ',' or '}' or ';' or '\t'))
        {
            return false;
        }

        while (i >= 0 && text[i] == ' ')
        {
            i--;
        }

        if (i < 0 || text[i] is not ('=' or ':'))
        {
            return false;
        }

        i--;
        while (i >= 0 && text[i] == ' ')
        {
            i--;
        }

        if (i >= 0 && text[i] == '"')
        {
            i--;
        }

        var keyEnd = i + 1;
        var keyStart = text[..keyEnd].LastIndexOfAnyExcept(KeyChars) + 1;
        var key = text[keyStart..keyEnd];
        return key.EndsWith("level", StringComparison.OrdinalIgnoreCase)
            || key.EndsWith("levelname", StringComparison.OrdinalIgnoreCase)
            || Is(key, "lvl") || Is(key, "severity") || Is(key, "@l");
    }

    // A bare word counts only when shouted (" ERROR "), because "error" in lower case is usually prose.
    private static bool IsShout(ReadOnlySpan<char> word, char before, char after) =>
        before is '\0' or ' ' or '\t'
        && after is '\0' or ' ' or '\t' or ','
        && !word.ContainsAnyInRange('a', 'z');

    private static bool Is(ReadOnlySpan<char> word, string name) => word.Equals(name, StringComparison.OrdinalIgnoreCase);
}
