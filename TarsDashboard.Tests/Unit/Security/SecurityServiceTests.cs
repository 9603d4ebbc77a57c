using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Security;

/// <summary>Users, grants, tokens and the audit seam through Core services on the embedded database.</summary>
public sealed class SecurityServiceTests
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task An_admin_creates_a_developer_who_may_read_only_the_granted_application()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        var access = host.Get<AccessControl>();
        var dev = new Caller("dev1");

        Assert.True(await access.IsAllowedAsync(dev, Permission.TailLogs, AccessTarget.Service("Test", "HelloServer")));
        Assert.False(await access.IsAllowedAsync(dev, Permission.OperateService, AccessTarget.Service("Test", "HelloServer")));
        Assert.False(await access.IsAllowedAsync(dev, Permission.ViewService, AccessTarget.Service("Shop", "CartServer")));
        Assert.False(await access.IsAllowedAsync(dev, Permission.ManageNodes, AccessTarget.Global));
        var filter = await access.ServiceFilterAsync(dev, Permission.ViewService);
        Assert.True(filter("Test", "Any"));
        Assert.False(filter("Shop", "Any"));
    }

    [Fact]
    public async Task A_developer_cannot_manage_users_and_the_denial_is_audited()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            users.CreateAsync(new Caller("dev1"), new UserInput { UserName = "mallory", Password = "password-1" }));

        var (rows, _) = await host.Get<AuditLog>().QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(UserName: "dev1"));
        var denied = Assert.Single(rows);
        Assert.Equal(("user.create", AuditResult.Denied), (denied.Action, denied.Result));
        Assert.Single(await users.ListAsync(Admin), u => u.UserName == "dev1");
        Assert.DoesNotContain(await users.ListAsync(Admin), u => u.UserName == "mallory");
    }

    [Theory]
    [InlineData("", "password-1", "UserName", "User.Name.Invalid")]
    [InlineData("x'; DROP TABLE tdash_user; --", "password-1", "UserName", "User.Name.Invalid")]
    [InlineData("<script>", "password-1", "UserName", "User.Name.Invalid")]
    [InlineData("../../etc", "password-1", "UserName", "User.Name.Invalid")]
    [InlineData("admin", "password-1", "UserName", "User.Name.Taken")]
    [InlineData("bob", "short", "Password", "User.Password.TooShort")]
    [InlineData("bob", "", "Password", "Validation.Required")]
    public async Task Bad_user_input_is_refused_next_to_its_field_and_audited_without_the_password(string name, string password, string field, string code)
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var users = host.Get<UserService>();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => users.CreateAsync(Admin, new UserInput { UserName = name, Password = password }));

        Assert.Equal(code, error.For(field)?.Code);
        Assert.Single(await users.ListAsync(Admin));
        var (rows, _) = await host.Get<AuditLog>().QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(Action: "user.create"));
        Assert.Equal(AuditResult.Refused, Assert.Single(rows).Result);
        Assert.DoesNotContain("password-1", rows[0].BeforeJson + rows[0].AfterJson + rows[0].Detail);
    }

    [Fact]
    public async Task Disabling_a_user_applies_at_once_and_a_stale_edit_is_refused()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "op1", Password = "op-pass-12" });
        await users.GrantAsync(Admin, new Grant("op1", Role.Operator, "*"));
        var loaded = (await users.ListAsync(Admin)).Single(u => u.UserName == "op1");

        await users.SetDisabledAsync(Admin, "op1", true, loaded.RowVersion);

        Assert.False(await host.Get<AccessControl>().IsAllowedAsync(new Caller("op1"), Permission.OperateService, AccessTarget.Service("A", "B")));
        Assert.Equal(SignInOutcome.Disabled, (await host.Get<AccountService>().CheckPasswordAsync("op1", "op-pass-12")).Outcome);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => users.ResetPasswordAsync(Admin, "op1", "new-pass-12", loaded.RowVersion));
        await Assert.ThrowsAsync<ValidationFailedException>(() => users.SetDisabledAsync(Admin, "admin", true, 1));
    }

    [Fact]
    public async Task The_last_admin_on_star_cannot_be_revoked()
    {
        await using var host = await CoreHost.CreateSqliteAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            host.Get<UserService>().RevokeAsync(Admin, new Grant("admin", Role.Admin, "*")));

        Assert.Equal("Grant.LastAdmin", error.Errors[0].Code);
    }

    [Fact]
    public async Task A_token_acts_as_its_user_until_revoked_and_its_secret_is_stored_only_as_a_hash()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        var tokens = host.Get<ApiTokenService>();

        var (token, secret) = await tokens.CreateAsync(new Caller("dev1"), "ci");
        var caller = await tokens.AuthenticateAsync(secret);

        Assert.Equal(new Caller("dev1", CallerKind.ApiToken), caller);
        Assert.True(await host.Get<AccessControl>().IsAllowedAsync(caller!, Permission.TailLogs, AccessTarget.Service("Test", "A")));
        Assert.False(await host.Get<AccessControl>().IsAllowedAsync(caller!, Permission.TailLogs, AccessTarget.Service("Shop", "A")));
        Assert.NotNull((await tokens.ListAsync(new Caller("dev1"))).Single().LastUsedAt);
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(Action: "token"));
        Assert.DoesNotContain(secret, string.Concat(audit.Select(a => a.AfterJson + a.Detail)));

        await Assert.ThrowsAsync<AccessDeniedException>(() => tokens.RevokeAsync(new Caller("admin"), token.Id));
        await tokens.RevokeAsync(new Caller("dev1"), token.Id);
        Assert.Null(await tokens.AuthenticateAsync(secret));
        Assert.Null(await tokens.AuthenticateAsync("tdt_not-a-token"));
        Assert.Null(await tokens.AuthenticateAsync(null));
    }

    [Fact]
    public async Task Audit_json_masks_every_secret_looking_property()
    {
        var json = AuditRedactor.ToJson(new { registry = "r", password = "hunter2", nested = new { apiToken = "t", ok = 1 }, passwordHash = "h" });

        Assert.DoesNotContain("hunter2", json);
        Assert.DoesNotContain("\"t\"", json);
        Assert.Contains("\"registry\":\"r\"", json);
        Assert.Contains("\"ok\":1", json);
        await Task.CompletedTask;
    }
}
