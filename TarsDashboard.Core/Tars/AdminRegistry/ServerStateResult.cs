namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>The reply of <c>getServerState</c>: a <see cref="TarsErrCode"/>, the states and a result text.</summary>
public sealed record ServerStateResult(int Ret, ServerStateDesc State, string Result);
