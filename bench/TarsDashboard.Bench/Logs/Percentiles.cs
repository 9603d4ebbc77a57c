namespace TarsDashboard.Bench.Logs;

/// <summary>p50, p99 and max of a set of milliseconds, and how many there were.</summary>
internal sealed record Percentiles(int Count, double P50, double P99, double Max)
{
    public static Percentiles Of(IReadOnlyCollection<double> values)
    {
        lock (values)
        {
            if (values.Count == 0)
            {
                return new Percentiles(0, double.NaN, double.NaN, double.NaN);
            }

            var sorted = values.Order().ToArray();
            return new Percentiles(sorted.Length, At(sorted, 0.50), At(sorted, 0.99), sorted[^1]);
        }
    }

    // Nearest rank: the smallest value with at least p of the samples at or below it.
    private static double At(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
