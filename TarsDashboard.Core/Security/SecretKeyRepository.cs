using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Security;

/// <summary>Reads and writes <c>tdash_secret_key</c>: named data keys, each stored wrapped by Data Protection.</summary>
internal sealed class SecretKeyRepository(TarsDatabase database, TimeProvider clock)
{
    public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<string>("SELECT protected_key FROM tdash_secret_key WHERE name = @name", new { name }, cancellationToken);

    /// <summary>Adds a key; a unique violation means another instance added one with that name first.</summary>
    public Task<int> InsertAsync(string name, string protectedKey, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("INSERT INTO tdash_secret_key (name, protected_key, created_at) VALUES (@name, @protectedKey, @now)",
            new { name, protectedKey, now = clock.GetUtcNow().UtcDateTime }, cancellationToken);
}
