using System.Numerics;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Parses RFC3339 / RFC3339Nano stamps (Docker's <c>2026-11-23T07:13:24.123456789Z</c>) and the Tars log stamp
/// (<c>2026-11-23 07:13:24</c>, optionally followed by <c>|</c>) by position, without regex or allocation.
/// </summary>
public static class TimestampParser
{
    // "yyyy-MM-ddTHH:mm:ss" is the fixed part every accepted format shares.
    private const int DateTimeLength = 19;

    /// <summary>The whole of <paramref name="text"/> is an RFC3339 stamp with a zone (Z or ±hh:mm).</summary>
    public static bool TryParseRfc3339(ReadOnlySpan<char> text, out DateTimeOffset timestamp) =>
        TryParseExact(text, requireZone: true, TimeSpan.Zero, out timestamp);

    /// <summary>UTF-8 form of <see cref="TryParseRfc3339(ReadOnlySpan{char}, out DateTimeOffset)"/>, for Docker's raw prefix.</summary>
    public static bool TryParseRfc3339(ReadOnlySpan<byte> utf8, out DateTimeOffset timestamp) =>
        TryParseExact(utf8, requireZone: true, TimeSpan.Zero, out timestamp);

    /// <summary>The whole of <paramref name="text"/> is a Tars stamp (<c>yyyy-MM-dd HH:mm:ss[.fff]</c>) in the zone <paramref name="offset"/>.</summary>
    public static bool TryParseTars(ReadOnlySpan<char> text, TimeSpan offset, out DateTimeOffset timestamp) =>
        TryParseExact(text, requireZone: false, offset, out timestamp);

    /// <summary>
    /// Finds either format at the start of a line. <paramref name="length"/> covers the stamp and one following
    /// separator (space or <c>|</c>), so callers can skip it; stamps without a zone take <paramref name="localOffset"/>.
    /// </summary>
    public static bool TryParseLeading(ReadOnlySpan<char> line, TimeSpan localOffset, out DateTimeOffset timestamp, out int length)
    {
        // Cheap rejection first: the assembler asks this of every line.
        if (line.Length < DateTimeLength || !char.IsAsciiDigit(line[0]) || line[4] != '-')
        {
            timestamp = default;
            length = 0;
            return false;
        }

        if (!TryParseCore(line, localOffset, out timestamp, out length, out _))
        {
            return false;
        }

        if (length < line.Length && line[length] is ' ' or '|')
        {
            length++;
        }

        return true;
    }

    /// <summary>
    /// As <see cref="TryParseLeading(ReadOnlySpan{char}, TimeSpan, out DateTimeOffset, out int)"/>, with a stamp without a
    /// zone read as the local time of <paramref name="zone"/> at that moment (its daylight-saving rules included).
    /// </summary>
    public static bool TryParseLeading(ReadOnlySpan<char> line, TimeZoneInfo zone, out DateTimeOffset timestamp, out int length)
    {
        if (line.Length < DateTimeLength || !char.IsAsciiDigit(line[0]) || line[4] != '-'
            || !TryParseCore(line, TimeSpan.Zero, out timestamp, out length, out var hasZone))
        {
            timestamp = default;
            length = 0;
            return false;
        }

        if (!hasZone && zone != TimeZoneInfo.Utc)
        {
            var local = DateTime.SpecifyKind(timestamp.DateTime, DateTimeKind.Unspecified);
            var offset = zone.GetUtcOffset(local);
            if (offset != TimeSpan.Zero)
            {
                try
                {
                    timestamp = new DateTimeOffset(local, offset);
                }
                catch (ArgumentOutOfRangeException)
                {
                    timestamp = default;
                    length = 0;
                    return false;
                }
            }
        }

        if (length < line.Length && line[length] is ' ' or '|')
        {
            length++;
        }

        return true;
    }

    private static bool TryParseExact<T>(ReadOnlySpan<T> text, bool requireZone, TimeSpan offset, out DateTimeOffset timestamp)
        where T : unmanaged, IBinaryInteger<T>
    {
        return TryParseCore(text, offset, out timestamp, out var consumed, out var hasZone)
            && consumed == text.Length
            && hasZone == requireZone;
    }

    private static bool TryParseCore<T>(ReadOnlySpan<T> s, TimeSpan defaultOffset, out DateTimeOffset timestamp, out int consumed, out bool hasZone)
        where T : unmanaged, IBinaryInteger<T>
    {
        timestamp = default;
        consumed = 0;
        hasZone = false;
        if (s.Length < DateTimeLength
            || !TryDigits(s, 0, 4, out var year) || At(s, 4) != '-'
            || !TryDigits(s, 5, 2, out var month) || At(s, 7) != '-'
            || !TryDigits(s, 8, 2, out var day) || At(s, 10) is not ('T' or 't' or ' ')
            || !TryDigits(s, 11, 2, out var hour) || At(s, 13) != ':'
            || !TryDigits(s, 14, 2, out var minute) || At(s, 16) != ':'
            || !TryDigits(s, 17, 2, out var second))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var position = DateTimeLength;
        long fractionTicks = 0;
        if (position < s.Length && At(s, position) is '.' or ',')
        {
            var start = ++position;
            var scale = TimeSpan.TicksPerSecond;
            while (position < s.Length && char.IsAsciiDigit(At(s, position)))
            {
                // Ticks hold 7 digits; Docker's nanoseconds lose the last two, which no viewer shows anyway.
                scale /= 10;
                fractionTicks += (At(s, position) - '0') * scale;
                position++;
            }

            if (position == start)
            {
                return false;
            }
        }

        var offset = defaultOffset;
        if (position < s.Length && At(s, position) is 'Z' or 'z')
        {
            offset = TimeSpan.Zero;
            hasZone = true;
            position++;
        }
        else if (position + 6 <= s.Length && At(s, position) is '+' or '-' && At(s, position + 3) == ':'
            && TryDigits(s, position + 1, 2, out var offsetHours) && TryDigits(s, position + 4, 2, out var offsetMinutes))
        {
            if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 14 * 60)
            {
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (At(s, position) == '-')
            {
                offset = -offset;
            }

            hasZone = true;
            position += 6;
        }

        try
        {
            timestamp = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Only stamps in year 1 or 9999 can leave DateTimeOffset's range once the offset is applied.
            return false;
        }

        consumed = position;
        return true;
    }

    private static char At<T>(ReadOnlySpan<T> s, int index) where T : unmanaged, IBinaryInteger<T> =>
        (char)ushort.CreateTruncating(s[index]);

    private static bool TryDigits<T>(ReadOnlySpan<T> s, int start, int count, out int value) where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = At(s, i);
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = value * 10 + (c - '0');
        }

        return true;
    }
}
