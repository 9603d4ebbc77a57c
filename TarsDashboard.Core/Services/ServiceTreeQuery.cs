using TarsDashboard.Core.Data;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The service tree (application, server, instance per node) of what the caller's grants reach. One query reads
/// every instance with its image; grants, sorting and grouping run in memory, so 10,000 instances stay quick and a
/// page can filter the loaded list again on each keystroke without going back to the database.
/// </summary>
public sealed class ServiceTreeQuery(TarsDatabase database, AccessControl access)
{
    private const string Sql =
        "SELECT s.id, s.application, s.server_name, s.node_name, s.enable_set, s.set_name, s.set_area, s.set_group, " +
        "s.present_state, s.setting_state, s.run_type, s.base_image_id, s.server_type, i.image " +
        "FROM t_server_conf s LEFT JOIN t_base_image i ON i.id = s.base_image_id";

    /// <summary>Every instance the caller may see, sorted by application, server and node (ignoring case, as MySQL does).</summary>
    public async Task<IReadOnlyList<ServiceInstanceSummary>> LoadAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var visible = await access.ServiceFilterAsync(caller, Permission.ViewService, cancellationToken);
        var rows = await database.QueryAsync<TreeRow>(Sql, null, cancellationToken);

        // Grants are decided per service, not per instance: a service has one row per node.
        var decided = new Dictionary<(string, string), bool>();
        var list = new List<ServiceInstanceSummary>(rows.Count);
        foreach (var row in rows)
        {
            var application = row.Application ?? "";
            var server = row.ServerName ?? "";
            if (!decided.TryGetValue((application, server), out var allowed))
            {
                allowed = visible(application, server);
                decided[(application, server)] = allowed;
            }

            if (allowed)
            {
                list.Add(row.ToSummary());
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

    private sealed class TreeRow
    {
        public int Id { get; set; }
        public string? Application { get; set; }
        public string? ServerName { get; set; }
        public string? NodeName { get; set; }
        public string? EnableSet { get; set; }
        public string? SetName { get; set; }
        public string? SetArea { get; set; }
        public string? SetGroup { get; set; }
        public string? PresentState { get; set; }
        public string? SettingState { get; set; }
        public string? RunType { get; set; }
        public int? BaseImageId { get; set; }
        public string? ServerType { get; set; }
        public string? Image { get; set; }

        public ServiceInstanceSummary ToSummary() => new(
            Id,
            Application ?? "",
            ServerName ?? "",
            NodeName ?? "",
            EnableSet == "Y" ? $"{SetName}.{SetArea}.{SetGroup}" : null,
            PresentState ?? PresentStates.Inactive,
            SettingState ?? "inactive",
            RunTypes.Normalize(RunType),
            BaseImageId ?? 0,
            Image,
            ServerType ?? "tars_cpp");
    }
}
