namespace TarsDashboard.Core.Services;

/// <summary>One uploaded service package (<c>tdash_package</c>); the bytes live in the data folder as <c>packages/App.Server/id.tgz</c>.</summary>
public sealed class ServicePackageRow
{
    public int Id { get; set; }

    public string Application { get; set; } = "";

    public string ServerName { get; set; } = "";

    public string Comment { get; set; } = "";

    public string Md5 { get; set; } = "";

    public long Size { get; set; }

    public string FileName { get; set; } = "";

    public string UploadedBy { get; set; } = "";

    public DateTime UploadedAt { get; set; }

    public bool IsDefault { get; set; }
}

/// <summary>One instance a package was published to (<c>tdash_package_publish</c>), with the outcome once the task finished.</summary>
public sealed class PackagePublishRow
{
    public int Id { get; set; }

    public int PackageId { get; set; }

    public string Application { get; set; } = "";

    public string ServerName { get; set; } = "";

    public string NodeName { get; set; } = "";

    public string TaskNo { get; set; } = "";

    public string PublishedBy { get; set; } = "";

    public DateTime PublishedAt { get; set; }

    /// <summary>running, success or failed.</summary>
    public string Result { get; set; } = "";
}
