using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Security;

/// <summary>Reads and writes <c>tdash_user</c>.</summary>
internal sealed class UserRepository(TarsDatabase database)
{
    private const string Columns =
        "id, user_name, password_hash, disabled, failed_logins, locked_until, last_login_at, created_at, row_version";

    public Task<IReadOnlyList<DashboardUser>> ListAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<DashboardUser>($"SELECT {Columns} FROM tdash_user ORDER BY user_name", null, cancellationToken);

    public Task<DashboardUser?> GetAsync(string userName, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<DashboardUser>($"SELECT {Columns} FROM tdash_user WHERE user_name = @userName",
            new { userName }, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        database.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tdash_user", null, cancellationToken);

    public async Task<int> InsertAsync(DashboardUser user, CancellationToken cancellationToken = default)
    {
        user.Id = await database.InsertAsync(
            "INSERT INTO tdash_user (user_name, password_hash, disabled, failed_logins, created_at, row_version) " +
            "VALUES (@UserName, @PasswordHash, @Disabled, 0, @CreatedAt, 1)", user, cancellationToken);
        return user.Id;
    }

    public Task<int> RecordLoginAsync(int id, int failedLogins, DateTime? lockedUntil, DateTime? lastLoginAt, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "UPDATE tdash_user SET failed_logins = @failedLogins, locked_until = @lockedUntil, last_login_at = COALESCE(@lastLoginAt, last_login_at) WHERE id = @id",
            new { id, failedLogins, lockedUntil, lastLoginAt }, cancellationToken);

    /// <summary>Saves only when nobody saved the user since <see cref="DashboardUser.RowVersion"/> was read.</summary>
    public async Task<bool> UpdateAsync(DashboardUser user, CancellationToken cancellationToken = default)
    {
        var changed = await database.ExecuteAsync(
            "UPDATE tdash_user SET password_hash = @PasswordHash, disabled = @Disabled, failed_logins = @FailedLogins, locked_until = @LockedUntil, " +
            "row_version = row_version + 1 WHERE id = @Id AND row_version = @RowVersion", user, cancellationToken);
        if (changed == 1)
        {
            user.RowVersion++;
        }

        return changed == 1;
    }

    public Task<int> SetPasswordHashAsync(int id, string passwordHash, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE tdash_user SET password_hash = @passwordHash, row_version = row_version + 1 WHERE id = @id",
            new { id, passwordHash }, cancellationToken);
}
