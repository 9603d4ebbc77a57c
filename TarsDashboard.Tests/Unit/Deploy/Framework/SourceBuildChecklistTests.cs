using TarsDashboard.Core.Deploy.Framework;
using Xunit;

namespace TarsDashboard.Tests.Deploy.Framework;

/// <summary>The source-compilation checklist: exact commands per OS and tag, user values quoted, no password.</summary>
public sealed class SourceBuildChecklistTests
{
    [Theory]
    [InlineData(SourceBuildOs.Debian12, "apt-get install -y")]
    [InlineData(SourceBuildOs.Ubuntu2404, "apt-get install -y")]
    [InlineData(SourceBuildOs.Rocky8, "dnf install -y epel-release")]
    [InlineData(SourceBuildOs.Rocky9, "dnf install -y git")]
    public void Dependencies_use_the_package_manager_of_the_os(SourceBuildOs os, string expected)
    {
        var steps = SourceBuildChecklist.For(new SourceBuildInput { Os = os });
        Assert.Contains(expected, steps[0].Command, StringComparison.Ordinal);
        Assert.Contains("cmake", steps[0].Command, StringComparison.Ordinal);
    }

    [Fact]
    public void Clone_build_install_and_database_follow_in_order_at_the_tag()
    {
        var steps = SourceBuildChecklist.For(new SourceBuildInput { Version = "v3.0.19", MySqlHost = "10.0.0.5", MySqlUser = "tars", MySqlPort = 3307 });
        Assert.Equal(
            ["Framework.Source.Step.Dependencies", "Framework.Source.Step.Clone", "Framework.Source.Step.Configure", "Framework.Source.Step.Make",
                "Framework.Source.Step.Install", "Framework.Source.Step.Password", "Framework.Source.Step.Database"],
            steps.Select(s => s.TitleKey));
        Assert.Equal("git clone --recursive --branch v3.0.19 --depth 1 https://github.com/TarsCloud/TarsFramework.git", steps[1].Command);
        Assert.Equal("make install", steps[4].Command);
        Assert.Equal("cd /usr/local/tars/cpp/deploy && ./linux-install.sh 10.0.0.5 \"$TARS_MYSQL_PASSWORD\" eth0 false false tars 3307", steps[6].Command);
    }

    [Theory]
    [InlineData("master; rm -rf /")]
    [InlineData("latest")]
    [InlineData("")]
    public void Tags_other_than_release_versions_are_refused(string tag)
    {
        Assert.Contains(SourceBuildChecklist.Validate(new SourceBuildInput { Version = tag }), e => e.Field == nameof(SourceBuildInput.Version));
    }
}
