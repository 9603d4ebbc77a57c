namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>The user-defined bridge network the framework and its nodes share, with the subnet their fixed addresses lie in.</summary>
public sealed record FrameworkNetworkSpec(string Name, string Subnet, string Driver = "bridge");
