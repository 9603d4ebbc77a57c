using System.Security.Cryptography;
using System.Text;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Security;

/// <summary>
/// Tokens for external clients (hub, HTTP API). A token acts as the user who made it, with that user's grants at the
/// time of each call; only its SHA-256 is stored (the secret has 256 random bits, so a slow hash adds nothing).
/// </summary>
public sealed class ApiTokenService
{
    private readonly ApiTokenRepository tokens;
    private readonly UserRepository users;
    private readonly Operations operations;
    private readonly TimeProvider clock;

    internal ApiTokenService(
        ApiTokenRepository tokens,
        UserRepository users,
        Operations operations,
        TimeProvider clock)
    {
        this.clock = clock;
        this.tokens = tokens;
        this.users = users;
        this.operations = operations;
    }

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
            await tokens.InsertAsync(token, Hash(secret), cancellationToken);
            audit.After = new { token.Name, token.Prefix };
            return (token, secret);
        }, cancellationToken);

    /// <summary>The caller's own tokens (admins with user management see everyone's).</summary>
    public Task<IReadOnlyList<ApiToken>> ListAsync(Caller caller, bool everyone = false, CancellationToken cancellationToken = default) =>
        tokens.ListAsync(everyone && caller.Kind == CallerKind.System ? null : caller.UserName, cancellationToken);

    public Task RevokeAsync(Caller caller, int tokenId, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ViewShared, AccessTarget.Global, "token.revoke", tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture), async audit =>
        {
            var owner = await tokens.GetOwnerAsync(tokenId, cancellationToken);
            if (owner is null)
            {
                throw new ValidationFailedException(new FieldError("Id", "Token.NotFound", "No such token."));
            }

            if (owner != caller.UserName)
            {
                throw new AccessDeniedException(caller, Permission.ManageUsers, AccessTarget.Global);
            }

            await tokens.RevokeAsync(tokenId, cancellationToken);
            audit.After = new { revoked = tokenId };
        }, cancellationToken);

    /// <summary>The caller a presented secret stands for, or null when it is unknown, revoked or its user is disabled.</summary>
    public async Task<Caller?> AuthenticateAsync(string? secret, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var row = await tokens.FindLiveAsync(Hash(secret), cancellationToken);
        if (row is not { } found)
        {
            return null;
        }

        var user = await users.GetAsync(found.UserName, cancellationToken);
        if (user is null || user.Disabled)
        {
            return null;
        }

        await tokens.RecordUseAsync(found.Id, cancellationToken);
        return new Caller(found.UserName, CallerKind.ApiToken);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
