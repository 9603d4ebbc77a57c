namespace TarsDashboard.Core.Images;

/// <summary>The answer of a node's engine to a login attempt (<c>POST /auth</c>).</summary>
public sealed record RegistryLoginResult(bool Succeeded, string NodeName, string Message);
