namespace TarsDashboard.Core.Configs;

/// <summary>What happened to one row of a side-by-side diff.</summary>
public enum ConfigDiffKind
{
    Unchanged,

    /// <summary>Only on the old side.</summary>
    Deleted,

    /// <summary>Only on the new side.</summary>
    Inserted,

    /// <summary>On both sides, with different text (or only a different line ending).</summary>
    Modified,
}
