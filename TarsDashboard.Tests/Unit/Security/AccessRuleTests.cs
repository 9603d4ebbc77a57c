using TarsDashboard.Core.Security;
using Xunit;

namespace TarsDashboard.Tests.Security;

/// <summary>The role matrix as a pure rule: each role on each scope, for each permission.</summary>
public sealed class AccessRuleTests
{
    private static readonly AccessTarget HelloServer = AccessTarget.Service("Test", "HelloServer");
    private static readonly AccessTarget OtherServer = AccessTarget.Service("Test", "OtherServer");
    private static readonly AccessTarget OtherApp = AccessTarget.Service("Shop", "CartServer");

    public static TheoryData<Role, string, Permission, string, bool> Matrix()
    {
        var data = new TheoryData<Role, string, Permission, string, bool>();
        var servicePermissions = new[] { Permission.ViewService, Permission.TailLogs, Permission.OperateService };
        var adminPermissions = new[]
        {
            Permission.ManageNodes, Permission.ManageImages, Permission.ManageRegistries, Permission.ManageTemplates,
            Permission.ManageUsers, Permission.ViewAudit, Permission.DeployFramework,
        };
        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var scope in new[] { "*", "Test", "Test.HelloServer" })
            {
                foreach (var permission in servicePermissions)
                {
                    var roleSuffices = permission != Permission.OperateService || role >= Role.Operator;
                    data.Add(role, scope, permission, "Test.HelloServer", roleSuffices);
                    data.Add(role, scope, permission, "Test.OtherServer", roleSuffices && scope != "Test.HelloServer");
                    data.Add(role, scope, permission, "Shop.CartServer", roleSuffices && scope == "*");
                }

                foreach (var permission in adminPermissions)
                {
                    data.Add(role, scope, permission, "*", role == Role.Admin && scope == "*");
                }

                data.Add(role, scope, Permission.ViewShared, "*", true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_role_on_each_scope_allows_exactly_what_Tars_allows(Role role, string scope, Permission permission, string target, bool allowed)
    {
        var grants = new[] { new Grant("u", role, scope) };
        var accessTarget = target switch
        {
            "Test.HelloServer" => HelloServer,
            "Test.OtherServer" => OtherServer,
            "Shop.CartServer" => OtherApp,
            _ => AccessTarget.Global,
        };

        Assert.Equal(allowed, AccessControl.IsAllowed(grants, permission, accessTarget));
    }

    [Fact]
    public void A_user_without_grants_may_do_nothing()
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            Assert.False(AccessControl.IsAllowed([], permission, HelloServer));
        }
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("Test", true)]
    [InlineData("Test.HelloServer", true)]
    [InlineData("", false)]
    [InlineData("Test.", false)]
    [InlineData("Test.Hello.Server", false)]
    [InlineData("1Test", false)]
    [InlineData("Test;DROP", false)]
    [InlineData("Test.*", false)]
    public void Scopes_are_star_an_application_or_a_service(string scope, bool valid)
    {
        Assert.Equal(valid, GrantScope.IsValid(scope));
    }
}
