namespace TarsDashboard.Core.Releases;

/// <summary>What a rollback to a release would change, per instance, shown before it is confirmed.</summary>
public sealed record RollbackPreview(ReleaseRow Target, IReadOnlyList<RollbackPreviewItem> Instances)
{
    public bool ChangesAnything => Instances.Any(i => i.PackageChanges || i.ImageChanges || i.ConfigChanges.Count > 0);
}

/// <summary>One instance: what it runs now against what the rollback gives it.</summary>
/// <param name="CurrentPackage">"#id md5" of what it runs now, or its raw <c>patch_version</c> when that is not one of ours.</param>
/// <param name="ConfigChanges">The config files whose text would change back, by name.</param>
public sealed record RollbackPreviewItem(int ServerId, string NodeName, string CurrentPackage, string TargetPackage, string CurrentImage,
    string TargetImage, IReadOnlyList<string> ConfigChanges)
{
    public bool PackageChanges => CurrentPackage != TargetPackage;

    public bool ImageChanges => CurrentImage != TargetImage;
}
