namespace TarsDashboard.Core.Services;

/// <summary>What the service tree shows: instances matching every given criterion (null or blank means any).</summary>
/// <param name="Search">Words that must all appear (any case) in the service id, node, SET, image or server type.</param>
/// <param name="PresentState">One of <see cref="PresentStates.All"/>.</param>
/// <param name="RunType"><see cref="RunTypes.Native"/> (<c>""</c>) or <see cref="RunTypes.Container"/>; null for both.</param>
public sealed record ServiceTreeFilter(string? Search = null, string? PresentState = null, string? NodeName = null, string? RunType = null)
{
    public static ServiceTreeFilter None { get; } = new();
}
