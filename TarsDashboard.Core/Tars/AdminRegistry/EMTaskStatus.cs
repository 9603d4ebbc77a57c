namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>A whole task's status (framework/AdminReg.tars <c>EMTaskStatus</c>; IDL names in the comments).</summary>
public enum EMTaskStatus
{
    /// <summary>EM_T_NOT_START</summary>
    NotStart = 0,

    /// <summary>EM_T_PREPARE</summary>
    Prepare = 1,

    /// <summary>EM_T_RUNNING</summary>
    Running = 2,

    /// <summary>EM_T_SUCCESS</summary>
    Success = 3,

    /// <summary>EM_T_FAILED</summary>
    Failed = 4,

    /// <summary>EM_T_CANCEL</summary>
    Cancel = 5,

    /// <summary>EM_T_PARIAL (sic): some items failed.</summary>
    Partial = 6,
}
