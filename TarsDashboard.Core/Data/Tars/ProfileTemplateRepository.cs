namespace TarsDashboard.Core.Data.Tars;

/// <summary>Reads and writes <c>t_profile_template</c>.</summary>
public sealed class ProfileTemplateRepository(TarsDatabase database)
{
    private const string Columns = "id, template_name, parents_name, profile, posttime, lastuser";

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
}
