using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using TarsDashboard.Tests.Web;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary><c>GET /logs/search</c> for tools: NDJSON streamed while the search runs, bad input a 400 naming the field.</summary>
[Collection("infra")]
public sealed class LogSearchEndpointTests(InfraFixture infra)
{
    private static readonly Caller Admin = new("admin");

    private static async Task<HttpClient> ClientAsync(DashboardApp app, Caller caller)
    {
        var (_, secret) = await app.Get<ApiTokenService>().CreateAsync(caller, "search client");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    [Fact]
    public async Task Matches_stream_as_ndjson_and_end_with_the_count()
    {
        using var app = new DashboardApp();
        var journal = app.Get<JournalLog>();
        journal.Write("api-node", null, "needle one");
        journal.Write("api-node", null, "hay");
        journal.Write("api-node", null, "needle two", LogSeverity.Error);
        using var client = await ClientAsync(app, Admin);

        using var response = await client.GetAsync("/logs/search?source=journal:node:api-node&q=needle");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["needle one", "needle two"], lines[..^1].Select(l => l.GetProperty("text").GetString()));
        Assert.Equal("Error", lines[1].GetProperty("level").GetString());
        Assert.True(lines[0].TryGetProperty("time", out _));
        Assert.True(lines[^1].GetProperty("done").GetBoolean());
        Assert.Equal(3, lines[^1].GetProperty("scanned").GetInt64());
        Assert.Equal(2, lines[^1].GetProperty("matches").GetInt64());

        using var errors = await client.GetAsync("/logs/search?source=journal:node:api-node&level=error");
        Assert.Equal(2, (await errors.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Theory]
    [InlineData("source=nonsense", "source")]
    [InlineData("source=journal:node:n&from=2026-12-03T15:00:00Z&to=2026-12-03T14:00:00Z", "to")]
    [InlineData("source=journal:node:n&from=yesterday", "from")]
    [InlineData("source=journal:node:n&q=(unclosed&regex=true", "q")]
    [InlineData("source=journal:node:n&level=loud", "level")]
    [InlineData("source=journal:node:n&max=0", "max")]
    public async Task Bad_input_is_a_400_naming_the_field(string query, string field)
    {
        using var app = new DashboardApp();
        using var client = await ClientAsync(app, Admin);

        using var response = await client.GetAsync($"/logs/search?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(field, body.GetProperty("field").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task A_program_without_a_token_gets_a_401_not_the_login_page()
    {
        using var app = new DashboardApp();
        using var client = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = app.BaseUrl });

        using var response = await client.GetAsync("/logs/search?source=journal:node:n");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_refusal_is_a_403_and_a_missing_container_a_404()
    {
        using var app = new DashboardApp();
        await app.Get<NodeRepository>().InsertAsync(new NodeRow
        {
            NodeName = "node1", Endpoint = infra.Node1.Endpoint, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, UpdatedBy = "admin",
        });
        await app.Get<UserService>().CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await app.Get<UserService>().GrantAsync(Admin, new Grant("dev1", Role.Developer, "Mine"));
        using var admin = await ClientAsync(app, Admin);
        using var developer = await ClientAsync(app, new Caller("dev1"));

        using var missing = await admin.GetAsync("/logs/search?source=container:node1:No.Such");
        using var refused = await developer.GetAsync("/logs/search?source=container:node1:Other.Server");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No.Such", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
