namespace TarsDashboard.Core.Releases;

/// <summary>Cuts the instances of a rollout into batches: a fixed size, or a percentage of them (rounded up).</summary>
public static class RolloutPlan
{
    /// <summary>The batches in order; each has at least one instance, and no more than the size (or share) asked.</summary>
    /// <param name="batchSize">Instances per batch; 0 when <paramref name="batchPercent"/> decides.</param>
    /// <param name="batchPercent">1-100: the share of all instances per batch; 0 when <paramref name="batchSize"/> decides.</param>
    public static IReadOnlyList<IReadOnlyList<T>> Batches<T>(IReadOnlyList<T> items, int batchSize, int batchPercent)
    {
        ArgumentNullException.ThrowIfNull(items);
        var size = BatchSize(items.Count, batchSize, batchPercent);
        return [.. items.Chunk(size).Select(chunk => (IReadOnlyList<T>)chunk)];
    }

    /// <summary>The number of instances per batch for <paramref name="count"/> instances (at least 1).</summary>
    public static int BatchSize(int count, int batchSize, int batchPercent)
    {
        if (batchSize > 0)
        {
            return batchSize;
        }

        if (batchPercent is > 0 and <= 100)
        {
            return Math.Max(1, (int)Math.Ceiling(count * batchPercent / 100.0));
        }

        return Math.Max(1, count);
    }
}
