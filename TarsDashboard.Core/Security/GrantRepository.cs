using System.Data.Common;
using Dapper;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Security;

/// <summary>Reads and writes <c>tdash_grant</c>.</summary>
internal sealed class GrantRepository(TarsDatabase database)
{
    public async Task<IReadOnlyList<Grant>> ListForUserAsync(string userName, CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<(long Id, string UserName, long Role, string Scope)>(
            "SELECT id, user_name, role, scope FROM tdash_grant WHERE user_name = @userName ORDER BY scope", new { userName }, cancellationToken);
        return rows.Select(r => new Grant(r.UserName, (Role)r.Role, r.Scope) { Id = (int)r.Id }).ToList();
    }

    public async Task<IReadOnlyList<Grant>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<(long Id, string UserName, long Role, string Scope)>(
            "SELECT id, user_name, role, scope FROM tdash_grant ORDER BY user_name, scope", null, cancellationToken);
        return rows.Select(r => new Grant(r.UserName, (Role)r.Role, r.Scope) { Id = (int)r.Id }).ToList();
    }

    public Task<int> InsertAsync(Grant grant, CancellationToken cancellationToken = default) =>
        database.InsertAsync("INSERT INTO tdash_grant (user_name, role, scope) VALUES (@UserName, @Role, @Scope)",
            new { grant.UserName, Role = (int)grant.Role, grant.Scope }, cancellationToken);

    /// <summary>Adds a grant inside <paramref name="transaction"/> (a write that spans tables).</summary>
    public Task<int> InsertAsync(Grant grant, DbTransaction transaction, CancellationToken cancellationToken = default) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("INSERT INTO tdash_grant (user_name, role, scope) VALUES (@UserName, @Role, @Scope)",
            new { grant.UserName, Role = (int)grant.Role, grant.Scope }, transaction, database.CommandTimeout, cancellationToken: cancellationToken));

    public Task<int> DeleteAsync(int id, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("DELETE FROM tdash_grant WHERE id = @id", new { id }, cancellationToken);
}
