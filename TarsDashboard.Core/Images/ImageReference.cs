using System.Text.RegularExpressions;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Images;

/// <summary>
/// A validated image reference, <c>[host[:port]/]repository[:tag][@sha256:digest]</c>, read by Docker's rules:
/// the first component is a registry host only when it has a '.' or ':' or is <c>localhost</c>, otherwise the image is
/// on Docker Hub (<c>docker.io</c>, with <c>library/</c> for official images); without tag or digest the tag is <c>latest</c>.
/// </summary>
public sealed partial class ImageReference : IEquatable<ImageReference>
{
    public const string DockerHub = "docker.io";
    public const int MaxLength = 255;

    private ImageReference(string registry, string repository, string? tag, string? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host[:port], lowercase; <c>docker.io</c> for Docker Hub.</summary>
    public string Registry { get; }

    /// <summary>The path inside the registry, e.g. <c>tarscloud/tars.cppbase</c> or <c>library/busybox</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag; <c>latest</c> when neither a tag nor a digest was given, null for a digest-only reference.</summary>
    public string? Tag { get; }

    /// <summary><c>sha256:</c> and 64 hex digits, or null.</summary>
    public string? Digest { get; }

    public bool IsDockerHub => Registry == DockerHub;

    /// <summary>The name as engines show it in RepoTags: <c>busybox</c>, <c>tarscloud/x</c>, <c>host:5000/team/x</c>.</summary>
    public string Name => !IsDockerHub ? $"{Registry}/{Repository}"
        : Repository.StartsWith("library/", StringComparison.Ordinal) && Repository.IndexOf('/', 8) < 0 ? Repository[8..]
        : Repository;

    /// <summary>The reference to store and show: name, tag and/or digest (what <c>t_base_image.image</c> holds).</summary>
    public string FullName => Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>How to find the pulled image on an engine: by digest when there is one, else by tag.</summary>
    public string LocalName => Digest is null ? $"{Name}:{Tag}" : $"{Name}@{Digest}";

    /// <summary>The <c>tag</c> query parameter of a pull: the digest when there is one (the engine accepts it there).</summary>
    public string PullTag => Digest ?? Tag!;

    /// <summary>Parses and validates; throws <see cref="ValidationFailedException"/> with the error on <paramref name="field"/>.</summary>
    public static ImageReference Parse(string? text, string field = "Image") =>
        TryParse(text, out var error, field) ?? throw new ValidationFailedException(error!);

    public static ImageReference? TryParse(string? text, out FieldError? error, string field = "Image")
    {
        error = null;
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = new FieldError(field, "Validation.Required", "Enter an image reference, e.g. registry.example.com/team/image:1.0.");
            return null;
        }

        if (value.Length > MaxLength)
        {
            error = new FieldError(field, "Validation.TooLong", $"At most {MaxLength} characters.", MaxLength);
            return null;
        }

        string? digest = null;
        var at = value.IndexOf('@');
        if (at >= 0)
        {
            digest = value[(at + 1)..];
            value = value[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                error = new FieldError(field, "Image.Reference.InvalidDigest", "A digest is sha256: followed by 64 lowercase hex digits.");
                return null;
            }
        }

        string? tag = null;
        var colon = value.LastIndexOf(':');
        if (colon > value.LastIndexOf('/'))
        {
            tag = value[(colon + 1)..];
            value = value[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                error = new FieldError(field, "Image.Reference.InvalidTag",
                    "A tag is 1-128 letters, digits, '_', '.' or '-', and does not start with '.' or '-'.");
                return null;
            }
        }

        var registry = DockerHub;
        var path = value;
        var slash = value.IndexOf('/');
        if (slash > 0)
        {
            var first = value[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost" || first != first.ToLowerInvariant())
            {
                registry = RegistryAddress.TryNormalize(first) ?? "";
                if (registry.Length == 0)
                {
                    error = new FieldError(field, "Image.Reference.InvalidRegistry",
                        $"'{first}' is not a registry host[:port] (letters, digits, '-', '.', a port 1-65535).", first);
                    return null;
                }

                path = value[(slash + 1)..];
            }
        }

        var components = path.Split('/');
        if (path.Length == 0 || !components.All(c => PathComponent().IsMatch(c)))
        {
            error = new FieldError(field, "Image.Reference.Invalid",
                "The repository is lowercase letters and digits, separated by '/', and inside a component by '.', '_', '__' or '-'.");
            return null;
        }

        if (registry == DockerHub && components.Length == 1)
        {
            path = "library/" + path;
        }

        if (registry.Length + 1 + path.Length > MaxLength)
        {
            error = new FieldError(field, "Validation.TooLong", $"At most {MaxLength} characters.", MaxLength);
            return null;
        }

        return new ImageReference(registry, path, tag ?? (digest is null ? "latest" : null), digest);
    }

    public bool Equals(ImageReference? other) => other is not null && FullName == other.FullName && Registry == other.Registry;

    public override bool Equals(object? obj) => Equals(obj as ImageReference);

    public override int GetHashCode() => FullName.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => FullName;

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponent();
}
