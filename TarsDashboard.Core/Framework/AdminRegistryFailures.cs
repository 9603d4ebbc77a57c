using TarsDashboard.Core.Tars.AdminRegistry;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// Readable reasons for tarsAdminRegistry's result codes (<see cref="TarsErrCode"/>) and for the failure texts it
/// writes into a task item's log (which carry no code, only the exception's text).
/// </summary>
public static class AdminRegistryFailures
{
    public static string Describe(int code, string nodeName) => code switch
    {
        TarsErrCode.NodeNotRegistered =>
            $"node {nodeName} is not registered with the Tars framework, or its tarsnode stopped sending heartbeats",
        TarsErrCode.NodeNoConnection => $"tarsAdminRegistry has no connection to the tarsnode on node {nodeName}",
        TarsErrCode.CallNodeTimeout => $"the tarsnode on node {nodeName} did not answer tarsAdminRegistry in time",
        TarsErrCode.LoadServiceDescError => $"the Tars framework has no configuration of this service on node {nodeName}",
        TarsErrCode.ServiceStateError => "the service is being stopped or published; try again when that ends",
        TarsErrCode.RequestAlreadyRunning => "the same request is already being handled",
        TarsErrCode.InvalidIp => "tarsAdminRegistry does not accept this request from the dashboard's address",
        TarsErrCode.ParameterError => "tarsAdminRegistry found a parameter of the request wrong",
        TarsErrCode.OtherError => $"a problem on the machine of node {nodeName}",
        TarsErrCode.GetPatchFileError => "tarsAdminRegistry found no package for this publish in t_server_patchs",
        TarsErrCode.PrepareError => "tarspatch could not prepare the package",
        TarsErrCode.CanNotExecute => "tarsAdminRegistry will not run this command",
        _ => $"tarsAdminRegistry answered {TarsErrCode.NameOf(code)}",
    };

    /// <summary>The readable reason behind an item's log, or null when the log holds nothing known.</summary>
    public static string? Explain(string executeLog, string nodeName)
    {
        var code = executeLog switch
        {
            _ when Has(executeLog, "TarsNodeNotRegistryException") || Has(executeLog, "not registered") => TarsErrCode.NodeNotRegistered,
            _ when Has(executeLog, "TarsSyncCallTimeoutException") => TarsErrCode.CallNodeTimeout,
            _ when Has(executeLog, "EM_TARS_NODE_NO_CONNECTION") || Has(executeLog, "no connection") => TarsErrCode.NodeNoConnection,
            _ when Has(executeLog, "cannot load server description") || Has(executeLog, "server is  not exist") => TarsErrCode.LoadServiceDescError,
            _ when Has(executeLog, "load patch info from database error") => TarsErrCode.GetPatchFileError,
            _ when Has(executeLog, "preparePatchFile error") => TarsErrCode.PrepareError,
            _ when Has(executeLog, "can not stop") => TarsErrCode.CanNotExecute,
            _ => (int?)null,
        };
        return code is { } known ? Describe(known, nodeName) : null;
    }

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
