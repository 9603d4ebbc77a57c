namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>One task item's status (framework/AdminReg.tars <c>EMTaskItemStatus</c>; also <c>t_task_item.status</c>).</summary>
public enum EMTaskItemStatus
{
    /// <summary>EM_I_NOT_START</summary>
    NotStart = 0,

    /// <summary>EM_I_PREPARE: the package or image is being prepared.</summary>
    Prepare = 1,

    /// <summary>EM_I_RUNNING</summary>
    Running = 2,

    /// <summary>EM_I_SUCCESS</summary>
    Success = 3,

    /// <summary>EM_I_FAILED</summary>
    Failed = 4,

    /// <summary>EM_I_CANCEL</summary>
    Cancel = 5,

    /// <summary>EM_I_PAUSE_FLOW</summary>
    PauseFlow = 6,
}
