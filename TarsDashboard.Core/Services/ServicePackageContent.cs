namespace TarsDashboard.Core.Services;

/// <summary>What a package holds once tarsnode's rule is applied: the folder copied from, and what lands in the exe path.</summary>
/// <param name="CopyRoot">The package folder whose content is copied (<c>HelloServer/</c> for <c>make HelloServer-tar</c>), empty for the top.</param>
/// <param name="Entries">The copied files, folders and links, with their paths relative to the exe path, in package order.</param>
public sealed record ServicePackageContent(string CopyRoot, IReadOnlyList<ServicePackageEntry> Entries);
