namespace TarsDashboard.Tests.Infrastructure;

/// <summary>An image reference split the way the Engine API wants it: repository (with any registry host) and tag.</summary>
internal readonly record struct ImageReference(string Repository, string Tag)
{
    public static ImageReference Parse(string reference)
    {
        // The tag separator is the last ':' after the last '/'; an earlier ':' belongs to a registry host:port.
        var colon = reference.LastIndexOf(':');
        return colon > reference.LastIndexOf('/')
            ? new ImageReference(reference[..colon], reference[(colon + 1)..])
            : new ImageReference(reference, "latest");
    }

    public override string ToString() => $"{Repository}:{Tag}";
}
