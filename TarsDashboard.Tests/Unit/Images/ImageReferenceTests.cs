using TarsDashboard.Core.Images;
using Xunit;

namespace TarsDashboard.Tests.Images;

/// <summary>Image references read by Docker's rules.</summary>
public sealed class ImageReferenceTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("busybox", "docker.io", "library/busybox", "latest", null, "busybox:latest")]
    [InlineData("tarscloud/tars.cppbase:3.0.1", "docker.io", "tarscloud/tars.cppbase", "3.0.1", null, "tarscloud/tars.cppbase:3.0.1")]
    [InlineData("docker.io/library/busybox:1.36", "docker.io", "library/busybox", "1.36", null, "busybox:1.36")]
    [InlineData("index.docker.io/tarscloud/tars-node", "docker.io", "tarscloud/tars-node", "latest", null, "tarscloud/tars-node:latest")]
    [InlineData("127.0.0.1:5000/tars/cppbase:v1", "127.0.0.1:5000", "tars/cppbase", "v1", null, "127.0.0.1:5000/tars/cppbase:v1")]
    [InlineData("Harbor.Example.com/team/app_x__y-z.1:1.0_rc-2", "harbor.example.com", "team/app_x__y-z.1", "1.0_rc-2", null, "harbor.example.com/team/app_x__y-z.1:1.0_rc-2")]
    [InlineData("localhost/app", "localhost", "app", "latest", null, "localhost/app:latest")]
    [InlineData("  registry.local:443/a/b/c  ", "registry.local:443", "a/b/c", "latest", null, "registry.local:443/a/b/c:latest")]
    [InlineData("reg.io/app@" + Digest, "reg.io", "app", null, Digest, "reg.io/app@" + Digest)]
    [InlineData("reg.io/app:1@" + Digest, "reg.io", "app", "1", Digest, "reg.io/app:1@" + Digest)]
    public void Valid_references_are_split_into_registry_repository_tag_and_digest(
        string text, string registry, string repository, string? tag, string? digest, string fullName)
    {
        var reference = ImageReference.Parse(text);

        Assert.Equal(registry, reference.Registry);
        Assert.Equal(repository, reference.Repository);
        Assert.Equal(tag, reference.Tag);
        Assert.Equal(digest, reference.Digest);
        Assert.Equal(fullName, reference.FullName);
        Assert.Equal(reference, ImageReference.Parse(fullName));
    }

    [Fact]
    public void A_digest_wins_for_pulling_and_finding_the_image()
    {
        var reference = ImageReference.Parse("reg.io/app:1@" + Digest);

        Assert.Equal(Digest, reference.PullTag);
        Assert.Equal("reg.io/app@" + Digest, reference.LocalName);
        Assert.Equal("1", ImageReference.Parse("reg.io/app:1").PullTag);
        Assert.Equal("reg.io/app", reference.Name);
    }

    [Theory]
    [InlineData("", "Validation.Required")]
    [InlineData("   ", "Validation.Required")]
    [InlineData("Busybox", "Image.Reference.Invalid")]
    [InlineData("team/App", "Image.Reference.Invalid")]
    [InlineData("reg.io/Team/app", "Image.Reference.Invalid")]
    [InlineData("reg.io/", "Image.Reference.Invalid")]
    [InlineData("reg.io//app", "Image.Reference.Invalid")]
    [InlineData("reg.io/app-", "Image.Reference.Invalid")]
    [InlineData("reg.io/a..b", "Image.Reference.Invalid")]
    [InlineData("reg.io/app:", "Image.Reference.InvalidTag")]
    [InlineData("reg.io/app:.hidden", "Image.Reference.InvalidTag")]
    [InlineData("reg.io/app:-x", "Image.Reference.InvalidTag")]
    [InlineData("reg.io/app:a/b", "Image.Reference.Invalid")]
    [InlineData("reg.io/app@sha256:abc", "Image.Reference.InvalidDigest")]
    [InlineData("reg.io/app@md5:0123456789abcdef0123456789abcdef", "Image.Reference.InvalidDigest")]
    [InlineData("reg.io:99999/app", "Image.Reference.InvalidRegistry")]
    [InlineData("-bad-.io/app", "Image.Reference.InvalidRegistry")]
    [InlineData("app; rm -rf /", "Image.Reference.Invalid")]
    public void Invalid_references_are_refused_with_a_code(string text, string code)
    {
        Assert.Null(ImageReference.TryParse(text, out var error));

        Assert.Equal(code, error!.Code);
        Assert.Equal("Image", error.Field);
    }

    [Fact]
    public void A_tag_longer_than_128_characters_or_a_reference_over_255_is_refused()
    {
        Assert.Equal("Image.Reference.InvalidTag", Error("app:" + new string('a', 129)));
        Assert.NotNull(ImageReference.TryParse("app:" + new string('a', 128), out _));
        Assert.Equal("Validation.TooLong", Error("reg.io/" + new string('a', 250)));

        static string? Error(string text)
        {
            ImageReference.TryParse(text, out var error);
            return error?.Code;
        }
    }

    [Theory]
    [InlineData("harbor.example.com", "harbor.example.com")]
    [InlineData("https://Harbor.Example.com/", "harbor.example.com")]
    [InlineData("https://index.docker.io/v1/", "docker.io")]
    [InlineData("10.0.0.5:5000", "10.0.0.5:5000")]
    [InlineData("[::1]:5000", "[::1]:5000")]
    [InlineData("harbor.example.com/team", null)]
    [InlineData("host:0", null)]
    [InlineData("bad host", null)]
    [InlineData("", null)]
    public void Registry_addresses_are_normalized_to_host_and_port(string text, string? expected)
    {
        Assert.Equal(expected, RegistryAddress.TryNormalize(text));
    }
}
