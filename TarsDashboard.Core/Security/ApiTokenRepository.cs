using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Security;

/// <summary>Reads and writes <c>tdash_api_token</c>: a token's SHA-256, never its secret.</summary>
internal sealed class ApiTokenRepository(TarsDatabase database, TimeProvider clock)
{
    private const string Columns = "id, user_name, name, prefix, created_at, last_used_at, revoked_at";

    public async Task<int> InsertAsync(ApiToken token, string hash, CancellationToken cancellationToken = default)
    {
        token.Id = await database.InsertAsync(
            "INSERT INTO tdash_api_token (user_name, name, token_hash, prefix, created_at) VALUES (@UserName, @Name, @Hash, @Prefix, @CreatedAt)",
            new { token.UserName, token.Name, Hash = hash, token.Prefix, token.CreatedAt }, cancellationToken);
        return token.Id;
    }

    /// <summary>The tokens of <paramref name="userName"/>, or everyone's when it is null, newest first.</summary>
    public Task<IReadOnlyList<ApiToken>> ListAsync(string? userName, CancellationToken cancellationToken = default) =>
        database.QueryAsync<ApiToken>(
            $"SELECT {Columns} FROM tdash_api_token" + (userName is null ? "" : " WHERE user_name = @userName") + " ORDER BY id DESC",
            new { userName }, cancellationToken);

    public Task<string?> GetOwnerAsync(int tokenId, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<string>("SELECT user_name FROM tdash_api_token WHERE id = @tokenId", new { tokenId }, cancellationToken);

    public Task<int> RevokeAsync(int tokenId, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE tdash_api_token SET revoked_at = @now WHERE id = @tokenId AND revoked_at IS NULL",
            new { tokenId, now = clock.GetUtcNow().UtcDateTime }, cancellationToken);

    /// <summary>The id and user of the live (not revoked) token with this hash, or null.</summary>
    public Task<(long Id, string UserName)?> FindLiveAsync(string hash, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<(long Id, string UserName)?>(
            "SELECT id, user_name FROM tdash_api_token WHERE token_hash = @hash AND revoked_at IS NULL", new { hash }, cancellationToken);

    public Task<int> RecordUseAsync(long id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE tdash_api_token SET last_used_at = @now WHERE id = @id", new { id, now = clock.GetUtcNow().UtcDateTime }, cancellationToken);
}
