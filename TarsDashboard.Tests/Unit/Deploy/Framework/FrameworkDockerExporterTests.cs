using TarsDashboard.Core.Deploy.Framework;
using Xunit;

namespace TarsDashboard.Tests.Deploy.Framework;

/// <summary>The docker commands shown for copying: quoted, and without the password unless asked.</summary>
public sealed class FrameworkDockerExporterTests
{
    [Fact]
    public void Export_has_the_network_and_one_run_per_container_with_the_password_as_a_variable()
    {
        var text = FrameworkDockerExporter.Render(FrameworkDockerPlanBuilder.Build(FrameworkDockerPlanTests.ValidInput()));

        Assert.Contains("docker network create --driver bridge --subnet 172.25.0.0/16 tars\n", text, StringComparison.Ordinal);
        Assert.Contains("docker run -d --name tars-framework", text, StringComparison.Ordinal);
        Assert.Contains("--network tars --ip 172.25.0.3", text, StringComparison.Ordinal);
        Assert.Contains("-e MYSQL_ROOT_PASSWORD=\"$TARS_MYSQL_PASSWORD\"", text, StringComparison.Ordinal);
        Assert.Contains("-v /data/framework:/data/tars", text, StringComparison.Ordinal);
        Assert.Contains("-p 3000:3000/tcp", text, StringComparison.Ordinal);
        Assert.Contains("tarscloud/framework:v3.0.19\n", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split("docker run ").Length - 1);
        Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Revealed_passwords_are_single_quoted_so_the_shell_takes_them_literally()
    {
        var text = FrameworkDockerExporter.Render(FrameworkDockerPlanBuilder.Build(FrameworkDockerPlanTests.ValidInput()), revealPassword: true);
        Assert.Contains("-e 'MYSQL_ROOT_PASSWORD=s3cret'\\''pw'", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_with_shell_characters_are_quoted()
    {
        var input = FrameworkDockerPlanTests.ValidInput();
        input.TarsHostpath = "/data/my tars$(id)";
        var text = FrameworkDockerExporter.Render(FrameworkDockerPlanBuilder.Build(input));
        Assert.Contains("-v '/data/my tars$(id)/framework:/data/tars'", text, StringComparison.Ordinal);
        Assert.Contains("-e 'TARS_HOSTPATH=/data/my tars$(id)/framework'", text, StringComparison.Ordinal);
    }
}
