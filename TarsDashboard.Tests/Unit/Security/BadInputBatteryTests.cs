using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Security;

/// <summary>Hostile and oversized input on every form that exists, through the Core services behind them: refused, nothing stored.</summary>
public sealed class BadInputBatteryTests
{
    private static readonly Caller Admin = new("admin");

    public static TheoryData<string> Hostile() =>
    [
        "x'; DROP TABLE tdash_node; --",
        "\" OR \"1\"=\"1",
        "<script>alert(1)</script>",
        "$(reboot)",
        "`id`",
        "a; rm -rf /",
        "../../etc/passwd",
        "..\\..\\windows",
        "name\0nul",
        "line\nbreak",
        new string('a', 100_000),
        "节点一",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Node_name_endpoint_and_paths_refuse_hostile_text(string hostile)
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var nodes = host.Get<NodeService>();

        foreach (var input in new[]
        {
            new NodeInput { Name = hostile, Endpoint = "unix:///var/run/docker.sock" },
            new NodeInput { Name = "n1", Endpoint = hostile },
            new NodeInput { Name = "n1", Endpoint = "unix:///var/run/docker.sock", TlsCertPath = hostile.StartsWith('/') ? hostile : "/tmp/" + hostile },
            new NodeInput { Name = "n1", Endpoint = "unix:///var/run/docker.sock", TarsHostpath = hostile },
        })
        {
            await Assert.ThrowsAsync<ValidationFailedException>(() => nodes.AddAsync(Admin, input));
        }

        Assert.Empty(await nodes.ListAsync(Admin));
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task User_names_grant_scopes_and_token_names_refuse_hostile_text(string hostile)
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var users = host.Get<UserService>();

        await Assert.ThrowsAsync<ValidationFailedException>(() => users.CreateAsync(Admin, new UserInput { UserName = hostile, Password = "password-1" }));
        await Assert.ThrowsAsync<ValidationFailedException>(() => users.GrantAsync(Admin, new Grant("admin", Role.Developer, hostile)));
        if (hostile.Length > 64)
        {
            await Assert.ThrowsAsync<ValidationFailedException>(() => host.Get<ApiTokenService>().CreateAsync(Admin, hostile));
            await Assert.ThrowsAsync<ValidationFailedException>(() => users.CreateAsync(Admin, new UserInput { UserName = "bob", Password = hostile }));
        }

        Assert.Single(await users.ListAsync(Admin));
        Assert.Single(await host.Get<GrantRepository>().ListAllAsync());
        Assert.Empty(await host.Get<ApiTokenService>().ListAsync(Admin));
    }

    [Fact]
    public async Task Free_text_labels_are_kept_verbatim_within_their_limit_and_refused_over_it()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var nodes = host.Get<NodeService>();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            nodes.TestAsync(Admin, new NodeInput { Name = "n1", Endpoint = "unix:///tmp/x.sock", Labels = new string('x', 1025) }));

        Assert.Equal("Validation.TooLong", error.For("Labels")?.Code);
    }
}
