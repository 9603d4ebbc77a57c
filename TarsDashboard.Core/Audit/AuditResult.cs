namespace TarsDashboard.Core.Audit;

/// <summary>How an audited action ended.</summary>
public static class AuditResult
{
    public const string Ok = "ok";

    /// <summary>Bad input or a rule said no (validation); nothing changed.</summary>
    public const string Refused = "refused";

    /// <summary>Someone else saved first; nothing changed.</summary>
    public const string Conflict = "conflict";

    /// <summary>The caller's grants do not allow it; nothing changed.</summary>
    public const string Denied = "denied";

    /// <summary>It broke (engine or database error).</summary>
    public const string Failed = "failed";
}
