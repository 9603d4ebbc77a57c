namespace TarsDashboard.Core.Statistics;

/// <summary>A property a service reports (tarsproperty), in one slot: its name, the policy it is kept by, the value.</summary>
/// <param name="Time">The slot's start.</param>
/// <param name="Property">The property's name (<c>property_name</c>).</param>
/// <param name="Policy">How the value was aggregated by the service: Sum, Avg, Max, Min, Count (Distr is left out).</param>
/// <param name="Value">The value over all instances: summed for Sum and Count, the largest for Max, the smallest for Min, the mean for Avg.</param>
public sealed record PropertyPoint(DateTimeOffset Time, string Property, string Policy, double Value);
