namespace TarsDashboard.Core.Services;

/// <summary>Applications, their servers, and each server's instances per node, sorted by name; built in memory.</summary>
/// <param name="TotalInstances">Instances the caller may see before filtering.</param>
/// <param name="MatchedInstances">Instances in the tree after filtering.</param>
public sealed record ServiceTree(IReadOnlyList<ServiceTreeApplication> Applications, int TotalInstances, int MatchedInstances)
{
    public static ServiceTree Empty { get; } = new([], 0, 0);

    /// <summary>
    /// Groups <paramref name="instances"/> (sorted as <see cref="ServiceTreeQuery"/> returns them: application, server,
    /// node) into the tree, keeping those that match <paramref name="filter"/>. One pass, no copies of the rows.
    /// </summary>
    public static ServiceTree Build(IReadOnlyList<ServiceInstanceSummary> instances, ServiceTreeFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var match = Matcher(filter ?? ServiceTreeFilter.None);
        var applications = new List<ServiceTreeApplication>();
        List<ServiceTreeServer>? servers = null;
        List<ServiceInstanceSummary>? current = null;
        string? application = null;
        string? server = null;
        var matched = 0;
        foreach (var instance in instances)
        {
            if (!match(instance))
            {
                continue;
            }

            matched++;
            if (!string.Equals(application, instance.Application, StringComparison.OrdinalIgnoreCase) || servers is null)
            {
                application = instance.Application;
                server = null;
                servers = [];
                applications.Add(new ServiceTreeApplication(instance.Application, servers));
            }

            if (!string.Equals(server, instance.ServerName, StringComparison.OrdinalIgnoreCase) || current is null)
            {
                server = instance.ServerName;
                current = [];
                servers.Add(new ServiceTreeServer(instance.Application, instance.ServerName, current));
            }

            current.Add(instance);
        }

        return new ServiceTree(applications, instances.Count, matched);
    }

    private static Func<ServiceInstanceSummary, bool> Matcher(ServiceTreeFilter filter)
    {
        var words = (filter.Search ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var state = string.IsNullOrWhiteSpace(filter.PresentState) ? null : filter.PresentState.Trim();
        var node = string.IsNullOrWhiteSpace(filter.NodeName) ? null : filter.NodeName.Trim();
        var runType = filter.RunType is null ? null : RunTypes.Normalize(filter.RunType);
        return instance =>
            (state is null || string.Equals(instance.PresentState, state, StringComparison.OrdinalIgnoreCase))
            && (node is null || string.Equals(instance.NodeName, node, StringComparison.OrdinalIgnoreCase))
            && (runType is null || instance.RunType == runType)
            && (words.Length == 0 || words.All(word => Contains(instance, word)));
    }

    private static bool Contains(ServiceInstanceSummary instance, string word) =>
        instance.Application.Contains(word, StringComparison.OrdinalIgnoreCase)
        || instance.ServerName.Contains(word, StringComparison.OrdinalIgnoreCase)
        || instance.NodeName.Contains(word, StringComparison.OrdinalIgnoreCase)
        || (word.Contains('.') && instance.ServiceId.Contains(word, StringComparison.OrdinalIgnoreCase))
        || (instance.SetDivision?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false)
        || (instance.Image?.Contains(word, StringComparison.OrdinalIgnoreCase) ?? false)
        || instance.ServerType.Contains(word, StringComparison.OrdinalIgnoreCase);
}
