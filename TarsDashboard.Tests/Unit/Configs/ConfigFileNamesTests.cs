using TarsDashboard.Core.Configs;
using Xunit;

namespace TarsDashboard.Tests.Configs;

public sealed class ConfigFileNamesTests
{
    [Theory]
    [InlineData("Hello.conf", "Hello.conf")]
    [InlineData("  app.yaml ", "app.yaml")]
    [InlineData(".env", ".env")]
    [InlineData("配置.conf", "配置.conf")]
    [InlineData("a.b.c", "a.b.c")]
    public void One_file_name_is_accepted_trimmed(string input, string expected)
    {
        var (name, error) = ConfigFileNames.Check(input);

        Assert.Null(error);
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("", "Config.Filename.Required")]
    [InlineData("   ", "Config.Filename.Required")]
    [InlineData("conf/a.conf", "Config.Filename.Separator")]
    [InlineData("/etc/passwd", "Config.Filename.Separator")]
    [InlineData("a\\b", "Config.Filename.Separator")]
    [InlineData("..", "Config.Filename.Dots")]
    [InlineData(".", "Config.Filename.Dots")]
    [InlineData("a..conf", "Config.Filename.Dots")]
    [InlineData("a\u0000b", "Config.Filename.Control")]
    [InlineData("a\nb", "Config.Filename.Control")]
    public void A_name_that_is_not_one_file_is_refused(string input, string code)
    {
        var (_, error) = ConfigFileNames.Check(input);

        Assert.Equal(("Filename", code), (error?.Field, error?.Code));
    }

    [Fact]
    public void The_name_fits_the_column()
    {
        Assert.Null(ConfigFileNames.Check(new string('a', ConfigFileNames.MaxLength)).Error);
        Assert.Equal("Config.Filename.TooLong", ConfigFileNames.Check(new string('a', ConfigFileNames.MaxLength + 1)).Error?.Code);
    }
}
