using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Cluster;

/// <summary>
/// Named leases in <c>tdash_lease</c>. Taking and renewing are the same single UPDATE, so two instances can never both
/// succeed: it only matches while the row is ours or expired. Every time is the database's clock in UTC
/// (<see cref="ISqlDialect.UtcNow"/>), so instances with skewed clocks still agree.
/// </summary>
internal sealed class LeaseRepository(TarsDatabase database)
{
    private string Now => database.Dialect.UtcNow();

    /// <summary>Takes or renews <paramref name="name"/> for <paramref name="owner"/> until <paramref name="seconds"/> from now; false when another holds it.</summary>
    public async Task<bool> TryTakeAsync(string name, string owner, int seconds, CancellationToken cancellationToken = default)
    {
        var take = $"UPDATE tdash_lease SET owner = @owner, expires_at = {database.Dialect.UtcNow("@seconds")}, renewed_at = {Now} " +
                   $"WHERE name = @name AND (owner = @owner OR expires_at < {Now})";
        var row = new { name, owner, seconds };
        if (await database.ExecuteAsync(take, row, cancellationToken) > 0)
        {
            return true;
        }

        // The first time any instance asks: an expired row to take (skipped when another instance made it meanwhile).
        var created = await database.ExecuteAsync(
            $"{database.Dialect.InsertIgnoreInto} tdash_lease (name, owner, expires_at, renewed_at) VALUES (@name, '', '1970-01-01 00:00:00', '1970-01-01 00:00:00')",
            row, cancellationToken);
        return created > 0 && await database.ExecuteAsync(take, row, cancellationToken) > 0;
    }

    /// <summary>Gives the lease up at once (a clean stop), so another instance need not wait for it to expire.</summary>
    public Task<int> ReleaseAsync(string name, string owner, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE tdash_lease SET expires_at = '1970-01-01 00:00:00' WHERE name = @name AND owner = @owner",
            new { name, owner }, cancellationToken);

    /// <summary>Who holds <paramref name="name"/> now, or null when nobody does (never taken, released or expired).</summary>
    public Task<string?> HolderAsync(string name, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<string>(
            $"SELECT owner FROM tdash_lease WHERE name = @name AND expires_at >= {Now} AND owner <> ''", new { name }, cancellationToken);
}
