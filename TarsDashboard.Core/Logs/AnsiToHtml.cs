using System.Buffers;
using System.Globalization;
using System.Text;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Renders a log line's ANSI colours (SGR: 16 colours, bright, 256-colour, 24-bit, bold/italic/underline) as
/// <c>&lt;span class="ansi-fg-red ansi-bold"&gt;</c> / style spans, and drops every other escape (cursor moves,
/// OSC titles and links) and control character. Every piece of the line's text goes through one HTML encoder,
/// and tags are built only from fixed names and numbers, so the result is safe to render as markup.
/// </summary>
public static class AnsiToHtml
{
    private const int MaxSgrParameters = 32;

    private static readonly string[] ColourNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

    private const string HtmlSpecialChars = "<>&\"'";

    // C0 controls except tab, DEL and C1 controls: escapes start here, the rest are dropped.
    private static readonly string ControlChars =
        string.Concat(Enumerable.Range(0, 0xA0).Where(c => (c < 0x20 && c != '\t') || c >= 0x7F).Select(c => (char)c));

    private static readonly SearchValues<char> Controls = SearchValues.Create(ControlChars);
    private static readonly SearchValues<char> HtmlSpecial = SearchValues.Create(HtmlSpecialChars);
    private static readonly SearchValues<char> ControlsOrHtmlSpecial = SearchValues.Create(ControlChars + HtmlSpecialChars);

    /// <summary>
    /// HTML for <paramref name="text"/>; <paramref name="highlights"/> (search matches over the raw text, in order)
    /// are wrapped in <c>&lt;mark class="log-match"&gt;</c>.
    /// </summary>
    public static string Convert(string text, IReadOnlyList<TextMatch>? highlights = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if ((highlights is null || highlights.Count == 0) && !text.AsSpan().ContainsAny(ControlsOrHtmlSpecial))
        {
            return text;
        }

        var output = new StringBuilder(text.Length + 64);
        Render(text, output, html: true, highlights);
        return output.ToString();
    }

    /// <summary>The text without escapes and control characters, for copying and plain-text export.</summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.AsSpan().ContainsAny(Controls))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        Render(text, output, html: false, highlights: null);
        return output.ToString();
    }

    private static void Render(string text, StringBuilder output, bool html, IReadOnlyList<TextMatch>? highlights)
    {
        var span = text.AsSpan();
        var style = default(AnsiStyle);
        var open = default(AnsiStyle);
        var position = 0;
        while (position < span.Length)
        {
            var stop = span[position..].IndexOfAny(Controls);
            var end = stop < 0 ? span.Length : position + stop;
            if (end > position)
            {
                if (!html)
                {
                    output.Append(span[position..end]);
                }
                else
                {
                    if (style != open)
                    {
                        // Spans never nest: close the old style before opening the new one.
                        if (open != default)
                        {
                            output.Append("</span>");
                        }

                        if (style != default)
                        {
                            AppendOpenTag(output, style);
                        }

                        open = style;
                    }

                    AppendText(output, span, position, end, highlights);
                }
            }

            if (stop < 0)
            {
                break;
            }

            position = SkipControl(span, end, ref style);
        }

        if (html && open != default)
        {
            output.Append("</span>");
        }
    }

    // Returns where text resumes after the control character or escape sequence at index.
    private static int SkipControl(ReadOnlySpan<char> span, int index, ref AnsiStyle style)
    {
        var c = span[index];
        if (c == '\u009B')
        {
            return SkipCsi(span, index + 1, ref style);
        }

        if (c is '\u0090' or '\u0098' or '\u009D' or '\u009E' or '\u009F')
        {
            return SkipString(span, index + 1);
        }

        if (c != '\e')
        {
            return index + 1;
        }

        if (index + 1 >= span.Length)
        {
            return span.Length;
        }

        var kind = span[index + 1];
        if (kind == '[')
        {
            return SkipCsi(span, index + 2, ref style);
        }

        if (kind is ']' or 'P' or 'X' or '^' or '_')
        {
            return SkipString(span, index + 2);
        }

        // Any other escape: intermediates (space to '/') then one final character, as in "ESC ( B".
        var next = index + 1;
        while (next < span.Length && span[next] is >= ' ' and <= '/')
        {
            next++;
        }

        return next < span.Length && span[next] is >= '0' and <= '~' ? next + 1 : next;
    }

    private static int SkipCsi(ReadOnlySpan<char> span, int start, ref AnsiStyle style)
    {
        var next = start;
        while (next < span.Length && span[next] is >= '0' and <= '?')
        {
            next++;
        }

        var parametersEnd = next;
        while (next < span.Length && span[next] is >= ' ' and <= '/')
        {
            next++;
        }

        if (next >= span.Length)
        {
            // Unterminated: drop the rest rather than show half a sequence.
            return span.Length;
        }

        var final = span[next];
        if (final is < '@' or > '~')
        {
            return next;
        }

        if (final == 'm' && parametersEnd == next)
        {
            ApplySgr(span[start..parametersEnd], ref style);
        }

        return next + 1;
    }

    // OSC, DCS and friends run to BEL or ST (ESC \); an unterminated one swallows the rest of the line.
    private static int SkipString(ReadOnlySpan<char> span, int start)
    {
        for (var i = start; i < span.Length; i++)
        {
            switch (span[i])
            {
                case '\a' or '\u009C':
                    return i + 1;
                case '\e':
                    return i + 1 < span.Length && span[i + 1] == '\\' ? i + 2 : i;
            }
        }

        return span.Length;
    }

    private static void ApplySgr(ReadOnlySpan<char> parameters, ref AnsiStyle style)
    {
        Span<int> values = stackalloc int[MaxSgrParameters];
        var count = 0;
        var value = 0;
        foreach (var c in parameters)
        {
            if (c is ';' or ':')
            {
                if (count < MaxSgrParameters)
                {
                    values[count++] = value;
                }

                value = 0;
            }
            else if (char.IsAsciiDigit(c))
            {
                value = Math.Min(value * 10 + (c - '0'), 100_000);
            }
            else
            {
                // Private sequences ("ESC[?25m", "ESC[>4;2m") are not colours.
                return;
            }
        }

        if (count < MaxSgrParameters)
        {
            values[count++] = value;
        }

        values = values[..count];
        for (var i = 0; i < values.Length; i++)
        {
            var code = values[i];
            switch (code)
            {
                case 0: style = default; break;
                case 1: style.Bold = true; break;
                case 3: style.Italic = true; break;
                case 4: style.Underline = true; break;
                case 22: style.Bold = false; break;
                case 23: style.Italic = false; break;
                case 24: style.Underline = false; break;
                case >= 30 and <= 37: style.Foreground = AnsiStyle.Palette(code - 30); break;
                case 39: style.Foreground = 0; break;
                case >= 40 and <= 47: style.Background = AnsiStyle.Palette(code - 40); break;
                case 49: style.Background = 0; break;
                case >= 90 and <= 97: style.Foreground = AnsiStyle.Palette(code - 90 + 8); break;
                case >= 100 and <= 107: style.Background = AnsiStyle.Palette(code - 100 + 8); break;
                case 38 or 48:
                    if (!TryReadExtendedColour(values[(i + 1)..], out var colour, out var used))
                    {
                        // A malformed colour would make its numbers read as codes; ignore the rest instead.
                        return;
                    }

                    if (code == 38)
                    {
                        style.Foreground = colour;
                    }
                    else
                    {
                        style.Background = colour;
                    }

                    i += used;
                    break;
            }
        }
    }

    // "5;n" (256-colour palette) or "2;r;g;b" (24-bit).
    private static bool TryReadExtendedColour(ReadOnlySpan<int> values, out int colour, out int used)
    {
        colour = 0;
        used = 0;
        if (values.Length >= 2 && values[0] == 5 && values[1] <= 255)
        {
            colour = AnsiStyle.Palette(values[1]);
            used = 2;
            return true;
        }

        if (values.Length >= 4 && values[0] == 2 && values[1] <= 255 && values[2] <= 255 && values[3] <= 255)
        {
            colour = AnsiStyle.Rgb(values[1], values[2], values[3]);
            used = 4;
            return true;
        }

        return false;
    }

    private static void AppendOpenTag(StringBuilder output, AnsiStyle style)
    {
        var classes = new StringBuilder();
        var css = new StringBuilder();
        AppendColour(classes, css, style.Foreground, "ansi-fg-", "color");
        AppendColour(classes, css, style.Background, "ansi-bg-", "background-color");
        if (style.Bold)
        {
            classes.Append("ansi-bold ");
        }

        if (style.Italic)
        {
            classes.Append("ansi-italic ");
        }

        if (style.Underline)
        {
            classes.Append("ansi-underline ");
        }

        output.Append("<span");
        if (classes.Length > 0)
        {
            output.Append(" class=\"").Append(classes.ToString().TrimEnd()).Append('"');
        }

        if (css.Length > 0)
        {
            output.Append(" style=\"").Append(css).Append('"');
        }

        output.Append('>');
    }

    // The 16 basic colours become classes so the theme can tune them; the rest become exact CSS colours.
    private static void AppendColour(StringBuilder classes, StringBuilder css, int colour, string classPrefix, string property)
    {
        if (colour == 0)
        {
            return;
        }

        if (colour is > 0 and <= 16)
        {
            var index = colour - 1;
            classes.Append(classPrefix).Append(index >= 8 ? "bright-" : "").Append(ColourNames[index % 8]).Append(' ');
            return;
        }

        var rgb = (colour & AnsiStyle.TrueColor) != 0 ? colour & 0xFFFFFF : PaletteRgb(colour - 1);
        css.Append(property).Append(":#").Append(rgb.ToString("x6", CultureInfo.InvariantCulture)).Append(';');
    }

    // xterm's 256-colour palette above the basic 16: a 6x6x6 cube, then 24 greys.
    private static int PaletteRgb(int index)
    {
        if (index >= 232)
        {
            var grey = 8 + (index - 232) * 10;
            return (grey << 16) | (grey << 8) | grey;
        }

        index -= 16;
        return (Level(index / 36) << 16) | (Level(index / 6 % 6) << 8) | Level(index % 6);

        static int Level(int step) => step == 0 ? 0 : 55 + step * 40;
    }

    private static void AppendText(StringBuilder output, ReadOnlySpan<char> span, int start, int end, IReadOnlyList<TextMatch>? highlights)
    {
        var position = start;
        if (highlights is not null)
        {
            foreach (var match in highlights)
            {
                var from = Math.Max(match.Start, position);
                var to = Math.Min(match.End, end);
                if (from >= to)
                {
                    continue;
                }

                AppendEncoded(output, span[position..from]);
                output.Append("<mark class=\"log-match\">");
                AppendEncoded(output, span[from..to]);
                output.Append("</mark>");
                position = to;
            }
        }

        AppendEncoded(output, span[position..end]);
    }

    private static void AppendEncoded(StringBuilder output, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var special = text.IndexOfAny(HtmlSpecial);
            if (special < 0)
            {
                output.Append(text);
                return;
            }

            output.Append(text[..special]);
            output.Append(text[special] switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                _ => "&#39;",
            });
            text = text[(special + 1)..];
        }
    }
}
