using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The service tree (application, server, instance per node) of what the caller's grants reach. One query reads
/// every instance with its image; grants, sorting and grouping run in memory, so 10,000 instances stay quick and a
/// page can filter the loaded list again on each keystroke without going back to the database.
/// </summary>
public sealed class ServiceTreeQuery
{
    private readonly ServerConfRepository servers;
    private readonly AccessControl access;

    internal ServiceTreeQuery(ServerConfRepository servers, AccessControl access)
    {
        this.servers = servers;
        this.access = access;
    }

    /// <summary>Every instance the caller may see, sorted by application, server and node (ignoring case, as MySQL does).</summary>
    public async Task<IReadOnlyList<ServiceInstanceSummary>> LoadAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var visible = await access.ServiceFilterAsync(caller, Permission.ViewService, cancellationToken);
        var rows = await servers.ListSummariesAsync(cancellationToken);

        // Grants are decided per service, not per instance: a service has one row per node.
        var decided = new Dictionary<(string, string), bool>();
        var list = new List<ServiceInstanceSummary>(rows.Count);
        foreach (var row in rows)
        {
            var application = row.Application;
            var server = row.ServerName;
            if (!decided.TryGetValue((application, server), out var allowed))
            {
                allowed = visible(application, server);
                decided[(application, server)] = allowed;
            }

            if (allowed)
            {
                list.Add(row);
            }
        }

        list.Sort(Order);
        return list;
    }

    /// <summary><see cref="LoadAsync"/> then <see cref="ServiceTree.Build"/>.</summary>
    public async Task<ServiceTree> QueryAsync(Caller caller, ServiceTreeFilter? filter = null, CancellationToken cancellationToken = default) =>
        ServiceTree.Build(await LoadAsync(caller, cancellationToken), filter);

    private static int Order(ServiceInstanceSummary a, ServiceInstanceSummary b)
    {
        var byApplication = StringComparer.OrdinalIgnoreCase.Compare(a.Application, b.Application);
        if (byApplication != 0)
        {
            return byApplication;
        }

        var byServer = StringComparer.OrdinalIgnoreCase.Compare(a.ServerName, b.ServerName);
        return byServer != 0 ? byServer : StringComparer.OrdinalIgnoreCase.Compare(a.NodeName, b.NodeName);
    }
}
