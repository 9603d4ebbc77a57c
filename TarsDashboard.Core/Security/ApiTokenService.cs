using System.Security.Cryptography;
using System.Text;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Security;

/// <summary>
/// Tokens for external clients (hub, HTTP API). A token acts as the user who made it, with that user's grants at the
/// time of each call; only its SHA-256 is stored (the secret has 256 random bits, so a slow hash adds nothing).
/// </summary>
public sealed class ApiTokenService(TarsDatabase database, UserRepository users, Operations operations, TimeProvider clock)
{
    public const string SecretPrefix = "tdt_";

    /// <summary>Creates a token for the caller; the returned secret is shown once and cannot be read again.</summary>
    public Task<(ApiToken Token, string Secret)> CreateAsync(Caller caller, string name, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ViewShared, AccessTarget.Global, "token.create", caller.UserName, async audit =>
        {
            var trimmed = name?.Trim() ?? "";
            if (trimmed.Length is 0 or > 64)
            {
                throw new ValidationFailedException(new FieldError("Name", "Token.Name.Invalid", "Give the token a name of 1-64 characters."));
            }

            if (caller.Kind != CallerKind.User)
            {
                throw new ValidationFailedException(new FieldError("Name", "Token.SignedInOnly", "Tokens are created by a signed-in user."));
            }

            var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            var token = new ApiToken { UserName = caller.UserName, Name = trimmed, Prefix = secret[..10], CreatedAt = clock.GetUtcNow().UtcDateTime };
            token.Id = await database.InsertAsync(
                "INSERT INTO tdash_api_token (user_name, name, token_hash, prefix, created_at) VALUES (@UserName, @Name, @Hash, @Prefix, @CreatedAt)",
                new { token.UserName, token.Name, Hash = Hash(secret), token.Prefix, token.CreatedAt }, cancellationToken);
            audit.After = new { token.Name, token.Prefix };
            return (token, secret);
        }, cancellationToken);

    /// <summary>The caller's own tokens (admins with user management see everyone's).</summary>
    public Task<IReadOnlyList<ApiToken>> ListAsync(Caller caller, bool everyone = false, CancellationToken cancellationToken = default) =>
        database.QueryAsync<ApiToken>(
            "SELECT id, user_name, name, prefix, created_at, last_used_at, revoked_at FROM tdash_api_token" +
            (everyone && caller.Kind == CallerKind.System ? "" : " WHERE user_name = @UserName") + " ORDER BY id DESC",
            new { caller.UserName }, cancellationToken);

    public Task RevokeAsync(Caller caller, int tokenId, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ViewShared, AccessTarget.Global, "token.revoke", tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture), async audit =>
        {
            var owner = await database.QuerySingleOrDefaultAsync<string>("SELECT user_name FROM tdash_api_token WHERE id = @tokenId", new { tokenId }, cancellationToken);
            if (owner is null)
            {
                throw new ValidationFailedException(new FieldError("Id", "Token.NotFound", "No such token."));
            }

            if (owner != caller.UserName)
            {
                throw new AccessDeniedException(caller, Permission.ManageUsers, AccessTarget.Global);
            }

            await database.ExecuteAsync("UPDATE tdash_api_token SET revoked_at = @now WHERE id = @tokenId AND revoked_at IS NULL",
                new { tokenId, now = clock.GetUtcNow().UtcDateTime }, cancellationToken);
            audit.After = new { revoked = tokenId };
        }, cancellationToken);

    /// <summary>The caller a presented secret stands for, or null when it is unknown, revoked or its user is disabled.</summary>
    public async Task<Caller?> AuthenticateAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var row = await database.QuerySingleOrDefaultAsync<(long Id, string UserName)?>(
            "SELECT id, user_name FROM tdash_api_token WHERE token_hash = @hash AND revoked_at IS NULL", new { hash = Hash(secret) }, cancellationToken);
        if (row is not { } found)
        {
            return null;
        }

        var user = await users.GetAsync(found.UserName, cancellationToken);
        if (user is null || user.Disabled)
        {
            return null;
        }

        await database.ExecuteAsync("UPDATE tdash_api_token SET last_used_at = @now WHERE id = @id", new { id = found.Id, now = clock.GetUtcNow().UtcDateTime }, cancellationToken);
        return new Caller(found.UserName, CallerKind.ApiToken);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
