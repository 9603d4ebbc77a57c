using TarsDashboard.Core.Data.Tars;

namespace TarsDashboard.Core.Deploy.Service;

/// <summary>The rows a deployment wrote: one instance per node and its adapters.</summary>
public sealed record ServiceDeployResult(IReadOnlyList<ServerConfRow> Servers, IReadOnlyList<AdapterConfRow> Adapters);
