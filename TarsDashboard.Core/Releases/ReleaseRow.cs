namespace TarsDashboard.Core.Releases;

/// <summary>One release of an App.Server (<c>tdash_release</c>): what went out, how, by whom and how it ended.</summary>
public sealed class ReleaseRow
{
    public int Id { get; set; }

    public string Application { get; set; } = "";

    public string ServerName { get; set; } = "";

    /// <summary><see cref="ReleaseKinds"/>.</summary>
    public string Kind { get; set; } = ReleaseKinds.Rollout;

    public int PackageId { get; set; }

    public string PackageMd5 { get; set; } = "";

    /// <summary>The package's comment or file name, kept so the history reads well after the package is deleted.</summary>
    public string PackageLabel { get; set; } = "";

    /// <summary>The <c>t_base_image</c> row the instances run with; null for a service that runs no image.</summary>
    public int? BaseImageId { get; set; }

    /// <summary>The image reference at release time (the base image row may change or go later).</summary>
    public string Image { get; set; } = "";

    /// <summary>The service's config file versions at release time, as JSON (<see cref="ReleaseConfigVersion"/>).</summary>
    public string? ConfigJson { get; set; }

    /// <summary>For a rollback: the release it returns to.</summary>
    public int? SourceReleaseId { get; set; }

    /// <summary>For the undoing of a stopped rollout: the release whose changed instances this returns to what they ran before.</summary>
    public int? RevertsReleaseId { get; set; }

    public int BatchSize { get; set; }

    public int BatchPercent { get; set; }

    public int WaitSeconds { get; set; }

    public string LogPattern { get; set; } = "";

    public bool FailureGate { get; set; }

    /// <summary><see cref="ReleaseStates"/>.</summary>
    public string State { get; set; } = ReleaseStates.Running;

    public string Detail { get; set; } = "";

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public string ServiceId => $"{Application}.{ServerName}";
}

/// <summary>One instance of a release (<c>tdash_release_node</c>).</summary>
public sealed class ReleaseNodeRow
{
    public int Id { get; set; }

    public int ReleaseId { get; set; }

    public int ServerId { get; set; }

    public string NodeName { get; set; } = "";

    /// <summary>1-based batch number.</summary>
    public int Batch { get; set; }

    /// <summary><see cref="ReleaseNodeStates"/>.</summary>
    public string State { get; set; } = ReleaseNodeStates.Pending;

    public string TaskNo { get; set; } = "";

    /// <summary>The package the instance ran before this release (from its <c>patch_version</c>); null when unknown.</summary>
    public int? PreviousPackageId { get; set; }

    public int? PreviousBaseImageId { get; set; }

    public string Detail { get; set; } = "";

    public DateTime? StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }
}
