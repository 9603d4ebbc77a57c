namespace TarsDashboard.Core.Logs;

/// <summary>
/// Fuzzy matching for the source browser: the query's characters must appear in the label in order (a subsequence,
/// case-insensitive). The score rewards what people type: the label's start, word starts (after '.', ':', '-', '_',
/// '/', ' ', or a lower-to-upper change) and runs of consecutive characters; gaps cost a little.
/// </summary>
public static class LogSourceSearch
{
    private const int PrefixBonus = 30, WordStartBonus = 15, ConsecutiveBonus = 10, MatchScore = 1;

    /// <summary>The score of <paramref name="label"/> for <paramref name="query"/>, or null when it does not match. An empty query matches everything with 0.</summary>
    public static int? Score(string query, string label)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(label);
        var q = query.Trim();
        if (q.Length == 0)
        {
            return 0;
        }

        var score = 0;
        var previous = -2;
        var at = 0;
        foreach (var wanted in q)
        {
            var found = IndexOf(label, wanted, at, preferWordStart: previous + 1 != at || at == 0);
            if (found < 0)
            {
                return null;
            }

            score += MatchScore;
            if (found == 0)
            {
                score += PrefixBonus;
            }
            else if (IsWordStart(label, found))
            {
                score += WordStartBonus;
            }

            if (found == previous + 1)
            {
                score += ConsecutiveBonus;
            }
            else if (previous >= 0)
            {
                score -= Math.Min(found - previous - 1, 5);
            }

            previous = found;
            at = found + 1;
        }

        return score;
    }

    /// <summary>The labels that match, best first (ties keep their order).</summary>
    public static IReadOnlyList<T> Filter<T>(string query, IEnumerable<T> items, Func<T, string> label)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(label);
        return items.Select((item, index) => (item, index, score: Score(query ?? "", label(item))))
            .Where(x => x.score is not null)
            .OrderByDescending(x => x.score).ThenBy(x => x.index)
            .Select(x => x.item).ToList();
    }

    private static int IndexOf(string label, char wanted, int from, bool preferWordStart)
    {
        var first = -1;
        for (var i = from; i < label.Length; i++)
        {
            if (char.ToLowerInvariant(label[i]) != char.ToLowerInvariant(wanted))
            {
                continue;
            }

            // When not continuing a run, a later word start beats an earlier mid-word hit ("ms" in "my-sql" → 'm','s' of sql).
            if (!preferWordStart || i == 0 || IsWordStart(label, i))
            {
                return i;
            }

            if (first < 0)
            {
                first = i;
            }
        }

        return first;
    }

    private static bool IsWordStart(string label, int index) =>
        index == 0 || label[index - 1] is '.' or ':' or '-' or '_' or '/' or ' '
        || (char.IsLower(label[index - 1]) && char.IsUpper(label[index]));
}
