namespace TarsDashboard.Core.Images;

/// <summary>How a registry's password is kept in <c>t_docker_registry.password</c>, chosen per registry.</summary>
public enum PasswordStorage
{
    /// <summary>
    /// Plain text, as the Tars web platform stores it: tarsnode and tarsregistry read the column as it is and can pull with
    /// it. Anyone who can read db_tars can read the password.
    /// </summary>
    PlainText,

    /// <summary>
    /// <c>enc:v1:…</c> (<see cref="Security.SecretProtector"/>): unreadable without the dashboard's key ring, so only the
    /// dashboard can pull with it; tarsnode and tarsregistry would send the ciphertext and fail.
    /// </summary>
    Encrypted,
}
