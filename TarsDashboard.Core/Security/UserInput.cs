namespace TarsDashboard.Core.Security;

/// <summary>What an admin enters to create a user.</summary>
public sealed class UserInput
{
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
}
