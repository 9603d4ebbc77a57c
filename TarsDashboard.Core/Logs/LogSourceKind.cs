namespace TarsDashboard.Core.Logs;

/// <summary>What a <see cref="LogSourceId"/> points at.</summary>
public enum LogSourceKind
{
    /// <summary>A container's stdout and stderr as the engine keeps them.</summary>
    Container,

    /// <summary>A file inside a container, followed while it grows and across rotation.</summary>
    File,

    /// <summary>The dashboard's own journal of what it did on a node.</summary>
    NodeJournal,

    /// <summary>The dashboard's own journal of what it did to a service, on any node.</summary>
    ServiceJournal,

    /// <summary>A Tars log file (<c>&lt;logpath&gt;/App/Server/FILE</c>) on a Tars node, polled through tarsAdminRegistry and tarsnode.</summary>
    TarsLog,
}
