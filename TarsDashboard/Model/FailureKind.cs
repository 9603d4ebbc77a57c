namespace TarsDashboard.Model;

/// <summary>What kind of trouble an exception from Core means for the person at the page.</summary>
public enum FailureKind
{
    /// <summary>The database did not answer; trying again later may work.</summary>
    DatabaseUnavailable,

    /// <summary>A node's Docker engine, the Tars framework or another remote peer did not answer.</summary>
    NodeUnreachable,

    /// <summary>Core refused the call for the caller's grants.</summary>
    AccessDenied,

    /// <summary>Core refused the input; the messages name the fields.</summary>
    Validation,

    /// <summary>Someone else changed the same thing meanwhile.</summary>
    Conflict,

    /// <summary>Anything else: a defect, shown with a correlation id that finds its stack in the log.</summary>
    Bug,
}
