namespace TarsDashboard.Core.Data.Tars;

/// <summary>Reads and writes <c>t_profile_template</c>.</summary>
/// <remarks>
/// Usage counts compare names without case, as db_tars' collation does, so SQLite answers the same as MySQL. Edits are
/// guarded by the <c>posttime</c> that was read (Tars' table has no row version).
/// </remarks>
internal sealed class ProfileTemplateRepository(TarsDatabase database)
{
    private const string Columns = "id, template_name, parents_name, profile, posttime, lastuser";
    private const string SamePosttime = "(posttime = @Expected OR (posttime IS NULL AND @Expected IS NULL))";
    private const string NoServiceUses = "NOT EXISTS (SELECT 1 FROM t_server_conf WHERE LOWER(template_name) = LOWER(@UsedName))";

    public Task<IReadOnlyList<ProfileTemplateRow>> ListAsync(CancellationToken cancellationToken = default) =>
        database.QueryAsync<ProfileTemplateRow>($"SELECT {Columns} FROM t_profile_template ORDER BY template_name", null, cancellationToken);

    public Task<ProfileTemplateRow?> GetAsync(string templateName, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<ProfileTemplateRow>($"SELECT {Columns} FROM t_profile_template WHERE template_name = @templateName",
            new { templateName }, cancellationToken);

    public async Task<int> InsertAsync(ProfileTemplateRow row, CancellationToken cancellationToken = default)
    {
        row.Id = await database.InsertAsync(
            "INSERT INTO t_profile_template (template_name, parents_name, profile, posttime, lastuser) VALUES (@TemplateName, @ParentsName, @Profile, @Posttime, @Lastuser)",
            row, cancellationToken);
        return row.Id;
    }

    /// <summary>
    /// Saves name, parent, profile, posttime and lastuser of row <see cref="ProfileTemplateRow.Id"/>, only while its posttime is
    /// still <paramref name="expectedPosttime"/>. With <paramref name="renamedFrom"/> (a rename) it also requires, in the same
    /// statement, that no service uses the old name. False when either check failed or the row is gone.
    /// </summary>
    public async Task<bool> UpdateAsync(ProfileTemplateRow row, DateTime? expectedPosttime, string? renamedFrom = null,
        CancellationToken cancellationToken = default)
    {
        var guard = renamedFrom is null ? "" : $" AND {NoServiceUses}";
        return await database.ExecuteAsync(
            "UPDATE t_profile_template SET template_name = @TemplateName, parents_name = @ParentsName, profile = @Profile, " +
            $"posttime = @Posttime, lastuser = @Lastuser WHERE id = @Id AND {SamePosttime}{guard}",
            new { row.TemplateName, row.ParentsName, row.Profile, row.Posttime, row.Lastuser, row.Id, Expected = expectedPosttime, UsedName = renamedFrom },
            cancellationToken) == 1;
    }

    /// <summary>Deletes the template unless a service uses it, in one statement; false when it is in use or gone.</summary>
    public async Task<bool> DeleteIfUnusedAsync(int id, string templateName, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync($"DELETE FROM t_profile_template WHERE id = @id AND {NoServiceUses}",
            new { id, UsedName = templateName }, cancellationToken) == 1;

    /// <summary>Templates that name <paramref name="templateName"/> as their parent (a root naming itself does not count).</summary>
    public Task<int> CountChildrenAsync(string templateName, CancellationToken cancellationToken = default) =>
        database.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM t_profile_template WHERE LOWER(parents_name) = LOWER(@templateName) AND LOWER(template_name) <> LOWER(@templateName)",
            new { templateName }, cancellationToken);

    /// <summary>Service instances (<c>t_server_conf.template_name</c>) that use <paramref name="templateName"/>.</summary>
    public Task<int> CountServicesUsingAsync(string templateName, CancellationToken cancellationToken = default) =>
        database.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM t_server_conf WHERE LOWER(template_name) = LOWER(@templateName)",
            new { templateName }, cancellationToken);

    /// <summary>Service instances per template name (keys without case), for every template some service uses.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountServicesPerTemplateAsync(CancellationToken cancellationToken = default)
    {
        var rows = await database.QueryAsync<(string TemplateName, long Count)>(
            "SELECT LOWER(template_name), COUNT(*) FROM t_server_conf WHERE template_name IS NOT NULL AND template_name <> '' GROUP BY LOWER(template_name)",
            null, cancellationToken);
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, count) in rows)
        {
            counts[name] = counts.GetValueOrDefault(name) + (int)count;
        }

        return counts;
    }
}
