using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Security;

/// <summary>Every kind of change writes exactly the audit row that names it, and no row holds a secret.</summary>
[Collection("infra")]
public sealed class AuditCoverageTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task Each_action_kind_leaves_an_audit_row_with_who_what_target_and_result()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var nodes = host.Get<NodeService>();
        var users = host.Get<UserService>();
        var tokens = host.Get<ApiTokenService>();

        await nodes.TestAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        var node = await nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await nodes.UpdateAsync(Admin, "node1", new NodeInput { Endpoint = infra.Node1.Endpoint, Labels = "l" }, node.RowVersion);
        await nodes.RemoveAsync(Admin, "node1");
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "secret-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Operator, "Test"));
        var dev = (await users.ListAsync(Admin)).Single(u => u.UserName == "dev1");
        await users.ResetPasswordAsync(Admin, "dev1", "other-pass-12", dev.RowVersion);
        await users.SetDisabledAsync(Admin, "dev1", true, dev.RowVersion + 1);
        await users.SetDisabledAsync(Admin, "dev1", false, dev.RowVersion + 2);
        await users.RevokeAsync(Admin, new Grant("dev1", Role.Operator, "Test"));
        var (token, secret) = await tokens.CreateAsync(Admin, "ci");
        await tokens.RevokeAsync(Admin, token.Id);
        var id = await host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow { Application = "Test", ServerName = "Hello", NodeName = "n1" });
        var original = (await host.Get<ServiceCatalog>().GetAsync(Admin, id))!;
        var edited = (await host.Get<ServiceCatalog>().GetAsync(Admin, id))!;
        edited.AsyncThreadNum = 4;
        await host.Get<ServiceCatalog>().UpdateAsync(Admin, original, edited);

        var (rows, _) = await host.Get<AuditLog>().QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(PageSize: 100));
        Assert.Equal(
        [
            "node.test node1", "node.add node1", "node.update node1", "node.remove node1", "user.create dev1", "grant.add dev1",
            "user.reset-password dev1", "user.disable dev1", "user.enable dev1", "grant.remove dev1", "token.create admin",
            $"token.revoke {token.Id}", "service.update Test.Hello@n1",
        ], rows.Reverse().Select(r => $"{r.Action} {r.Target}"));
        Assert.All(rows, r => Assert.Equal(("admin", AuditResult.Ok), (r.UserName, r.Result)));
        var everything = string.Concat(rows.Select(r => r.BeforeJson + r.AfterJson + r.Detail));
        Assert.DoesNotContain("secret-pass-1", everything);
        Assert.DoesNotContain("other-pass-12", everything);
        Assert.DoesNotContain(secret, everything);
    }
}
