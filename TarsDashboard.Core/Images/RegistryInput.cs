namespace TarsDashboard.Core.Images;

/// <summary>What an admin enters to add or edit a registry.</summary>
public sealed class RegistryInput
{
    /// <summary><c>host[:port]</c>, e.g. <c>harbor.example.com</c> or <c>10.0.0.5:5000</c>; <c>docker.io</c> for Docker Hub.</summary>
    public string Registry { get; set; } = "";

    public string Username { get; set; } = "";

    /// <summary>On an edit, empty keeps the saved password; it is never read back.</summary>
    public string? Password { get; set; }

    public string Remark { get; set; } = "";

    /// <summary>How to store the password; null keeps the saved form (or, with none saved, takes the default).</summary>
    public PasswordStorage? PasswordStorage { get; set; }

    public static RegistryInput From(RegistrySummary registry) => new()
    {
        Registry = registry.Registry,
        Username = registry.Username,
        Remark = registry.Remark,
        PasswordStorage = registry.HasPassword ? registry.Storage : null,
    };
}
