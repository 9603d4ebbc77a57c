using Dapper;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Configs;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Data;

/// <summary>Config files, their history and references on the real Tars table definitions; each provider runs all of them.</summary>
public abstract class ConfigDataContract
{
    private static readonly Caller Admin = new("admin");

    /// <summary>CRLF and LF lines, tabs, trailing spaces and blank lines, non-ASCII text, and no final line ending.</summary>
    private const string Original = "<app>\r\n\tname = 配置 — ümlaut \r\n\r\n\tkey=value\t \n</app>\n  trailing  ";

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    private async Task<CoreHost> MigratedHostAsync() => await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync());

    [Fact]
    public async Task A_file_is_created_edited_and_restored_byte_for_byte_with_every_version_in_its_history()
    {
        await using var host = await MigratedHostAsync();
        var configs = host.Get<ConfigFileService>();

        var file = await configs.CreateAsync(Admin, ConfigScope.ForServer("Test", "Hello"), " Hello.conf ", Original);
        Assert.Equal("Hello.conf", file.Filename);
        Assert.Equal(Original, (await configs.GetAsync(Admin, file.Id))!.Config);

        var edit = await configs.UpdateAsync(Admin, file.Id, "<app>\n\tkey=other\n</app>\n", "new key", expectedText: Original);
        Assert.Equal("<app>\n\tkey=other\n</app>\n", (await configs.GetAsync(Admin, file.Id))!.Config);

        var history = await configs.ListHistoryAsync(Admin, file.Id);
        Assert.Equal(2, history.Total);
        Assert.Equal([("new key", "<app>\n\tkey=other\n</app>\n"), ("add config", Original)], history.Rows.Select(r => (r.Reason, r.Content)));
        Assert.Equal(edit, history.Rows[0].Id);
        Assert.All(history.Rows, r => Assert.Equal("admin", r.Lastuser));

        var first = history.Rows[1].Id;
        var restored = await configs.RestoreAsync(Admin, file.Id, first);
        var current = (await configs.GetAsync(Admin, file.Id))!.Config;
        Assert.Equal(Original, current);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(Original), System.Text.Encoding.UTF8.GetBytes(current!));
        var after = await configs.ListHistoryAsync(Admin, file.Id);
        Assert.Equal(3, after.Total);
        Assert.Equal((restored, Original, $"restore version #{first}"), (after.Rows[0].Id, after.Rows[0].Content, after.Rows[0].Reason));
        Assert.Equal(Original, (await configs.GetVersionAsync(Admin, first))!.Content);
        Assert.Equal(Original, await RawAsync(host, "SELECT config FROM t_config_files WHERE id = @id", file.Id));

        var (audit, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "config."));
        Assert.Equal(["config.restore", "config.edit", "config.create"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task An_edit_needs_a_reason_and_is_refused_when_someone_saved_first()
    {
        await using var host = await MigratedHostAsync();
        var configs = host.Get<ConfigFileService>();
        var file = await configs.CreateAsync(Admin, ConfigScope.ForServer("Test", "Hello"), "a.conf", "one");

        var noReason = await Assert.ThrowsAsync<ValidationFailedException>(() => configs.UpdateAsync(Admin, file.Id, "two", "  ", "one"));
        Assert.Equal("Reason", Assert.Single(noReason.Errors).Field);
        await configs.UpdateAsync(Admin, file.Id, "two", "first", "one");
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => configs.UpdateAsync(Admin, file.Id, "three", "stale", "one"));

        Assert.Equal("two", (await configs.GetAsync(Admin, file.Id))!.Config);
        Assert.Equal(2, (await configs.ListHistoryAsync(Admin, file.Id)).Total);
    }

    [Fact]
    public async Task A_duplicate_name_in_a_scope_is_a_field_error_and_the_unique_key_is_the_tars_one()
    {
        await using var host = await MigratedHostAsync();
        var configs = host.Get<ConfigFileService>();
        await configs.CreateAsync(Admin, ConfigScope.ForServer("Test", "Hello"), "a.conf", "x");

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            configs.CreateAsync(Admin, ConfigScope.ForServer("Test", "Hello"), "a.conf", "y"));
        Assert.Equal(("Filename", "Config.Filename.Duplicate"), (refused.Errors[0].Field, refused.Errors[0].Code));

        // The same name elsewhere is another file: another level, node, application or SET.
        await configs.CreateAsync(Admin, ConfigScope.ForNode("Test", "Hello", "n1"), "a.conf", "n1");
        await configs.CreateAsync(Admin, ConfigScope.ForNode("Test", "Hello", "n2"), "a.conf", "n2");
        await configs.CreateAsync(Admin, ConfigScope.ForApplication("Test"), "a.conf", "app");
        await configs.CreateAsync(Admin, ConfigScope.ForSet("Test", "s", "a", "1"), "a.conf", "set");
        Assert.Equal(["n1", "n2"], (await configs.ListAsync(Admin, ConfigScope.ForNode("Test", "Hello", ""))).Select(f => f.Host));
        Assert.Equal(["app"], (await configs.ListAsync(Admin, ConfigScope.ForApplication("Test"))).Select(f => f.Config));
        Assert.Equal(["set"], (await configs.ListAsync(Admin, ConfigScope.ForSet("Test", "s", "a", "1"))).Select(f => f.Config));

        // The database's own key refuses a second row however it is written.
        await using var connection = await host.Get<TarsDatabase>().OpenAsync();
        var direct = await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync(
            "INSERT INTO t_config_files (server_name, set_name, set_area, set_group, host, filename, config, level) " +
            "VALUES ('Test.Hello', '', '', '', '', 'a.conf', 'again', 2)"));
        Assert.True(host.Get<TarsDatabase>().Dialect.IsUniqueViolation(direct));
        Assert.Single(await configs.ListAsync(Admin, ConfigScope.ForServer("Test", "Hello")));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("conf/a.conf")]
    [InlineData("a\\b.conf")]
    [InlineData("..")]
    [InlineData("")]
    public async Task A_name_that_is_not_one_file_in_the_folder_stores_nothing(string name)
    {
        await using var host = await MigratedHostAsync();
        var configs = host.Get<ConfigFileService>();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => configs.CreateAsync(Admin, ConfigScope.ForServer("Test", "Hello"), name, "x"));

        Assert.Equal("Filename", Assert.Single(refused.Errors).Field);
        Assert.Empty(await configs.ListAsync(Admin, ConfigScope.ForServer("Test", "Hello")));
    }

    [Fact]
    public async Task References_merge_as_tarsconfig_merges_them_and_a_referenced_file_is_not_deleted()
    {
        await using var host = await MigratedHostAsync();
        var configs = host.Get<ConfigFileService>();
        var common = await configs.CreateAsync(Admin, ConfigScope.ForApplication("Test"), "common.conf", "<common/>");
        var db = await configs.CreateAsync(Admin, ConfigScope.ForApplication("Test"), "db.conf", "<db>\r\n</db>");
        var server = await configs.CreateAsync(Admin, ConfigScope.ForServer("Test", "Hello"), "Hello.conf", "<server/>");
        var node = await configs.CreateAsync(Admin, ConfigScope.ForNode("Test", "Hello", "n1"), "Hello.conf", "<node/>");
        await configs.AddReferenceAsync(Admin, server.Id, common.Id);
        await configs.AddReferenceAsync(Admin, node.Id, db.Id);

        Assert.Equal("<common/>\r\n\r\n<server/>\r\n\r\n<db>\r\n</db>\r\n\r\n<node/>",
            await configs.GetMergedTextAsync(Admin, "Test", "Hello", "n1", "Hello.conf"));
        Assert.Equal("<common/>\r\n\r\n<server/>", await configs.GetMergedTextAsync(Admin, "Test", "Hello", "n2", "Hello.conf"));
        Assert.Equal(["db.conf"], (await configs.ListReferencesAsync(Admin, node.Id)).Select(r => r.File.Filename));
        Assert.Equal(["common.conf"], (await configs.ListReferenceCandidatesAsync(Admin, node.Id)).Select(f => f.Filename));

        var twice = await Assert.ThrowsAsync<ValidationFailedException>(() => configs.AddReferenceAsync(Admin, node.Id, db.Id));
        Assert.Equal("Config.Reference.Duplicate", twice.Errors[0].Code);
        var notApp = await Assert.ThrowsAsync<ValidationFailedException>(() => configs.AddReferenceAsync(Admin, node.Id, server.Id));
        Assert.Equal("Config.Reference.NotApplicationFile", notApp.Errors[0].Code);
        var inUse = await Assert.ThrowsAsync<ValidationFailedException>(() => configs.DeleteAsync(Admin, db.Id));
        Assert.Equal("Config.Delete.Referenced", inUse.Errors[0].Code);

        await configs.RemoveReferenceAsync(Admin, node.Id, db.Id);
        Assert.Equal("<common/>\r\n\r\n<server/>\r\n\r\n<node/>", await configs.GetMergedTextAsync(Admin, "Test", "Hello", "n1", "Hello.conf"));
        await configs.DeleteAsync(Admin, db.Id);
        Assert.Equal(["common.conf"], (await configs.ListAsync(Admin, ConfigScope.ForApplication("Test"))).Select(f => f.Filename));
    }

    [Fact]
    public async Task Deleting_a_service_file_takes_its_node_files_and_keeps_the_history()
    {
        await using var host = await MigratedHostAsync();
        var configs = host.Get<ConfigFileService>();
        var server = await configs.CreateAsync(Admin, ConfigScope.ForServer("Test", "Hello"), "Hello.conf", "s");
        await configs.CreateAsync(Admin, ConfigScope.ForNode("Test", "Hello", "n1"), "Hello.conf", "n");
        var other = await configs.CreateAsync(Admin, ConfigScope.ForNode("Test", "Hello", "n1"), "other.conf", "o");
        await configs.UpdateAsync(Admin, server.Id, "s2", "change", "s");

        await configs.DeleteAsync(Admin, server.Id);

        Assert.Empty(await configs.ListAsync(Admin, ConfigScope.ForServer("Test", "Hello")));
        Assert.Equal([other.Id], (await configs.ListAsync(Admin, ConfigScope.ForNode("Test", "Hello", ""))).Select(f => f.Id));
        Assert.Equal("2", await RawAsync(host, "SELECT COUNT(*) FROM t_config_history_files WHERE configid = @id", server.Id));
    }

    [Fact]
    public async Task A_developer_sees_their_services_files_and_changes_none_an_operator_changes_them()
    {
        await using var host = await MigratedHostAsync();
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev1-pass-123" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test.Hello"));
        await users.CreateAsync(Admin, new UserInput { UserName = "op1", Password = "op1-pass-1234" });
        await users.GrantAsync(Admin, new Grant("op1", Role.Operator, "Test"));
        var dev = new Caller("dev1");
        var op = new Caller("op1");
        var configs = host.Get<ConfigFileService>();
        var file = await configs.CreateAsync(Admin, ConfigScope.ForServer("Test", "Hello"), "a.conf", "x");
        await configs.CreateAsync(Admin, ConfigScope.ForApplication("Test"), "app.conf", "x");

        Assert.Single(await configs.ListAsync(dev, ConfigScope.ForServer("Test", "Hello")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => configs.ListAsync(dev, ConfigScope.ForApplication("Test")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => configs.ListAsync(dev, ConfigScope.ForServer("Shop", "Cart")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => configs.UpdateAsync(dev, file.Id, "y", "mine", "x"));
        Assert.False(await configs.MayEditAsync(dev, ConfigScope.ForServer("Test", "Hello")));

        await configs.UpdateAsync(op, file.Id, "y", "op's change", "x");
        Assert.True(await configs.MayEditAsync(op, ConfigScope.ForApplication("Test")));
        Assert.Equal("y", (await configs.GetAsync(dev, file.Id))!.Config);
        var (denied, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "config.edit"));
        Assert.Contains(denied, a => a.Result == AuditResult.Denied && a.UserName == "dev1");
    }

    private static async Task<string?> RawAsync(CoreHost host, string sql, int id)
    {
        await using var connection = await host.Get<TarsDatabase>().OpenAsync();
        return Convert.ToString(await connection.ExecuteScalarAsync<object>(sql, new { id }), System.Globalization.CultureInfo.InvariantCulture);
    }
}
