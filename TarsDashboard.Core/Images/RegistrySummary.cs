namespace TarsDashboard.Core.Images;

/// <summary>A registry as pages see it: never the password, only whether one is saved.</summary>
/// <param name="UpdateTime">The version an edit is based on (Tars' table has no row version).</param>
/// <param name="ImageCount">How many images use it; a registry in use cannot be deleted.</param>
public sealed record RegistrySummary(
    int Id,
    string Registry,
    string Username,
    bool HasPassword,
    bool PasswordEncrypted,
    string Remark,
    DateTime? CreateTime,
    DateTime? UpdateTime,
    int ImageCount)
{
    /// <summary>How the saved password is stored (meaningful when <see cref="HasPassword"/>).</summary>
    public PasswordStorage Storage => PasswordEncrypted ? PasswordStorage.Encrypted : PasswordStorage.PlainText;
}
