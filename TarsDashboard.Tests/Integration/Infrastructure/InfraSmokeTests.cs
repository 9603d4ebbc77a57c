using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MySqlConnector;
using Xunit;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>Proves that the shared infrastructure is real and usable before feature tests rely on it.</summary>
[Collection("infra")]
public class InfraSmokeTests(InfraFixture infra)
{
    [Fact]
    public async Task Both_engines_answer_ping_with_api_version_1_41_or_later()
    {
        foreach (var node in infra.Nodes)
        {
            var apiVersion = Version.Parse(await node.PingAsync());

            Assert.True(apiVersion >= new Version(1, 41), $"'{node.Name}' speaks API {apiVersion}");
        }
    }

    [Fact]
    public async Task Busybox_image_runs_a_shell_command_on_both_engines()
    {
        foreach (var node in infra.Nodes)
        {
            var output = await RunToCompletionAsync(node, InfraFixture.BusyboxImage, "echo hello from $(busybox uname -s)");

            Assert.Contains("hello from Linux", output);
        }
    }

    [Fact]
    public async Task MariaDb_answers_select_version()
    {
        var connectionString = await infra.MariaDb.CreateDatabaseAsync("smoke_version");
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT VERSION()", connection);

        var version = (string?)await command.ExecuteScalarAsync();

        Assert.Contains("MariaDB", version);
    }

    [Fact]
    public async Task Registry_refuses_anonymous_catalog_requests()
    {
        using var client = new HttpClient();

        using var response = await client.GetAsync($"http://{infra.Registry.Host}/v2/_catalog");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Push_with_credentials_stores_the_image_in_the_registry()
    {
        var pushed = await infra.Registry.PushImageAsync(infra.Node1, InfraFixture.BusyboxImage, "smoke/busybox:1");

        Assert.Equal($"{infra.Registry.Host}/smoke/busybox:1", pushed);
        using var client = new HttpClient();
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{infra.Registry.UserName}:{infra.Registry.Password}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        var tags = await client.GetFromJsonAsync<JsonElement>($"http://{infra.Registry.Host}/v2/smoke/busybox/tags/list");
        Assert.Contains("1", tags.GetProperty("tags").EnumerateArray().Select(tag => tag.GetString()));
    }

    [Fact]
    public async Task Engine_can_be_stopped_and_started_again_on_the_same_socket()
    {
        // A private engine: stopping a shared node would break tests running beside this one.
        await using var engine = new DockerEngineInstance("restart");
        await engine.StartAsync();
        await engine.PingAsync();

        await engine.StopAsync();

        Assert.False(File.Exists(engine.SocketPath));
        await Assert.ThrowsAsync<HttpRequestException>(() => engine.PingAsync());

        await engine.StartAsync();

        Assert.False(string.IsNullOrEmpty(await engine.PingAsync()));
    }

    // Create, start, wait and read the logs of a throwaway container through the raw Engine API.
    private static async Task<string> RunToCompletionAsync(DockerEngineInstance node, string image, string shellCommand)
    {
        var api = node.ApiClient;
        var create = new
        {
            Image = image,
            Cmd = new[] { "sh", "-c", shellCommand },
            // The test engines run without the default bridge network.
            HostConfig = new { NetworkMode = "none" },
        };
        using var created = await api.PostAsJsonAsync("/containers/create", create);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString();
        try
        {
            using var started = await api.PostAsync($"/containers/{id}/start", null);
            started.EnsureSuccessStatusCode();
            using var waited = await api.PostAsync($"/containers/{id}/wait", null);
            var exitCode = (await waited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("StatusCode").GetInt32();
            Assert.Equal(0, exitCode);
            // Logs of a container without a TTY are multiplexed frames; the text is readable enough for Contains.
            return await api.GetStringAsync($"/containers/{id}/logs?stdout=true&stderr=true");
        }
        finally
        {
            using var removed = await api.DeleteAsync($"/containers/{id}?force=true");
            removed.EnsureSuccessStatusCode();
        }
    }
}
