using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Security;

/// <summary>
/// Encrypts secrets that must live in Tars columns (<c>t_docker_registry.password</c>, varchar(128)).
/// A Data Protection payload for even an empty secret is about 140 characters, more than the column holds, so the
/// secret is sealed with AES-256-GCM under a data key, and that data key is what Data Protection protects (envelope
/// encryption). The key ring (<see cref="SecretKeyRing"/>) and the wrapped data key are both in the database, so every
/// instance sharing it can decrypt.
/// Stored form: <c>enc:v1:</c> + base64url(nonce | tag | ciphertext). A value without the prefix is a plaintext password
/// the Tars web platform wrote; it is returned as is and encrypted the next time the dashboard saves the row.
/// </summary>
internal sealed class SecretProtector
{
    public const string Purpose = "TarsDashboard.RegistryPassword";
    public const string Prefix = "enc:v1:";

    /// <summary>The width of the Tars column the protected value goes into.</summary>
    public const int ColumnLength = 128;

    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int DataKeyBytes = 32;
    private const string DataKeyName = "registry-password";
    private static readonly byte[] AssociatedData = Encoding.UTF8.GetBytes(Purpose);

    private readonly IDataProtector _protector;
    private readonly SecretKeyRepository _keys;
    private readonly TarsDatabase _database;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _dataKey;

    internal SecretProtector(SecretKeyRing keyRing, SecretKeyRepository keys, TarsDatabase database)
    {
        _protector = keyRing.Provider.CreateProtector(Purpose);
        _keys = keys;
        _database = database;
    }

    /// <summary>The longest secret, in UTF-8 bytes, whose protected form still fits the 128-character column (62).</summary>
    public static int MaxSecretBytes { get; } = (ColumnLength - Prefix.Length) / 4 * 3 - NonceBytes - TagBytes;

    public static bool IsProtected(string? stored) => stored?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public static bool Fits(string secret) => Encoding.UTF8.GetByteCount(secret) <= MaxSecretBytes;

    /// <summary>The value to store for <paramref name="secret"/>; an empty secret stays empty (no credentials).</summary>
    public async Task<string> ProtectAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (secret.Length == 0)
        {
            return "";
        }

        if (Encoding.UTF8.GetByteCount(secret) > MaxSecretBytes)
        {
            throw new ArgumentException($"A secret of more than {MaxSecretBytes} UTF-8 bytes does not fit the {ColumnLength}-character column.", nameof(secret));
        }

        return await ProtectForTextColumnAsync(secret, cancellationToken);
    }

    /// <summary>As <see cref="ProtectAsync"/> for the dashboard's own <c>text</c> columns (webhook URLs), where no Tars width limits the secret.</summary>
    public async Task<string> ProtectForTextColumnAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (secret.Length == 0)
        {
            return "";
        }

        var plain = Encoding.UTF8.GetBytes(secret);
        var dataKey = await DataKeyAsync(cancellationToken);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, NonceBytes));
        using (var aes = new AesGcm(dataKey, TagBytes))
        {
            aes.Encrypt(sealedBytes.AsSpan(0, NonceBytes), plain, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), AssociatedData);
        }

        CryptographicOperations.ZeroMemory(plain);
        return Prefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>The secret behind a stored value; a legacy plaintext value (no prefix) is returned unchanged.</summary>
    /// <exception cref="CryptographicException">The value is damaged or its key is gone; the secret must be entered again.</exception>
    public async Task<string> UnprotectAsync(string? stored, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(stored) || !IsProtected(stored))
        {
            return stored ?? "";
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(stored.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            throw Unreadable();
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            throw Unreadable();
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        var dataKey = await DataKeyAsync(cancellationToken);
        try
        {
            using var aes = new AesGcm(dataKey, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), plain, AssociatedData);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Unreadable();
        }

        return Encoding.UTF8.GetString(plain);
    }

    private static CryptographicException Unreadable() =>
        new("The stored password cannot be decrypted (it was damaged, or the key ring in the database was replaced). Enter it again.");

    /// <summary>The data key, created (and wrapped by Data Protection) by the first instance that needs one.</summary>
    private async Task<byte[]> DataKeyAsync(CancellationToken cancellationToken)
    {
        if (_dataKey is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_dataKey is { } loaded)
            {
                return loaded;
            }

            var wrapped = await _keys.GetAsync(DataKeyName, cancellationToken);
            if (wrapped is null)
            {
                var fresh = RandomNumberGenerator.GetBytes(DataKeyBytes);
                try
                {
                    await _keys.InsertAsync(DataKeyName, Convert.ToBase64String(_protector.Protect(fresh)), cancellationToken);
                    return _dataKey = fresh;
                }
                catch (Exception exception) when (_database.Dialect.IsUniqueViolation(exception))
                {
                    // Another instance created it between our read and our insert: use theirs.
                    wrapped = await _keys.GetAsync(DataKeyName, cancellationToken)
                        ?? throw new InvalidOperationException("The secret data key vanished while it was being created.");
                }
            }

            try
            {
                return _dataKey = _protector.Unprotect(Convert.FromBase64String(wrapped));
            }
            catch (Exception exception) when (exception is CryptographicException or FormatException)
            {
                throw new CryptographicException(
                    "The secret data key in tdash_secret_key cannot be unwrapped: the Data Protection key ring in tdash_dataprotection_key no longer holds its key.",
                    exception);
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
