namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>AdminReg's result codes (framework/AdminReg.tars <c>tarsErrCode</c>), returned by its methods as their int.</summary>
public static class TarsErrCode
{
    /// <summary>EM_TARS_SUCCESS</summary>
    public const int Success = 0;

    /// <summary>EM_TARS_UNKNOWN_ERR</summary>
    public const int Unknown = -1;

    /// <summary>EM_TARS_NODE_NOT_REGISTRY_ERR: the node is not registered or its heartbeat timed out.</summary>
    public const int NodeNotRegistered = 1001;

    /// <summary>EM_TARS_CALL_NODE_TIMEOUT_ERR: AdminReg's call to the node timed out.</summary>
    public const int CallNodeTimeout = 1002;

    /// <summary>EM_TARS_LOAD_SERVICE_DESC_ERR: the service's description could not be read from the database.</summary>
    public const int LoadServiceDescError = 1003;

    /// <summary>EM_TARS_SERVICE_STATE_ERR: the service is stopping or being published.</summary>
    public const int ServiceStateError = 1004;

    /// <summary>EM_TARS_REQ_ALREADY_ERR: the same request is already being handled.</summary>
    public const int RequestAlreadyRunning = 1005;

    /// <summary>EM_TARS_INVALID_IP_ERR: the request came from an address that may not send it.</summary>
    public const int InvalidIp = 1006;

    /// <summary>EM_TARS_PARAMETER_ERR</summary>
    public const int ParameterError = 1007;

    /// <summary>EM_TARS_OTHER_ERR: a problem outside Tars (e.g. the machine).</summary>
    public const int OtherError = 1008;

    /// <summary>EM_TARS_GET_PATCH_FILE_ERR</summary>
    public const int GetPatchFileError = 1009;

    /// <summary>EM_TARS_PREPARE_ERR: tarspatch could not prepare the package.</summary>
    public const int PrepareError = 1010;

    /// <summary>EM_TARS_CAN_NOT_EXECUTE</summary>
    public const int CanNotExecute = 1011;

    /// <summary>EM_TARS_NODE_NO_CONNECTION: tarsnode has no connection to AdminReg.</summary>
    public const int NodeNoConnection = 1012;

    /// <summary>The IDL name of a code, for messages.</summary>
    public static string NameOf(int code) => code switch
    {
        Success => "EM_TARS_SUCCESS",
        Unknown => "EM_TARS_UNKNOWN_ERR",
        NodeNotRegistered => "EM_TARS_NODE_NOT_REGISTRY_ERR",
        CallNodeTimeout => "EM_TARS_CALL_NODE_TIMEOUT_ERR",
        LoadServiceDescError => "EM_TARS_LOAD_SERVICE_DESC_ERR",
        ServiceStateError => "EM_TARS_SERVICE_STATE_ERR",
        RequestAlreadyRunning => "EM_TARS_REQ_ALREADY_ERR",
        InvalidIp => "EM_TARS_INVALID_IP_ERR",
        ParameterError => "EM_TARS_PARAMETER_ERR",
        OtherError => "EM_TARS_OTHER_ERR",
        GetPatchFileError => "EM_TARS_GET_PATCH_FILE_ERR",
        PrepareError => "EM_TARS_PREPARE_ERR",
        CanNotExecute => "EM_TARS_CAN_NOT_EXECUTE",
        NodeNoConnection => "EM_TARS_NODE_NO_CONNECTION",
        _ => $"code {code}",
    };
}
