namespace TarsDashboard.Core.Deploy.Service;

/// <summary>What expanding a service to more nodes writes: per new node, its instance and adapters with their ports.</summary>
public sealed record ServiceExpansion(int SourceServerId, string Application, string ServerName, IReadOnlyList<ExpandedInstance> Instances);

/// <summary>One new instance; <see cref="ServerId"/> is 0 in a preview and the new row's id once written.</summary>
public sealed record ExpandedInstance(string NodeName, IReadOnlyList<ExpandedAdapter> Adapters, int ServerId = 0);

/// <summary>An adapter copied from the source instance, with the new node as host and a port free there.</summary>
public sealed record ExpandedAdapter(string AdapterName, string Servant, string SourceEndpoint, string Endpoint);
