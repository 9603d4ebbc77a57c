namespace TarsDashboard.Core.Tars.Node;

/// <summary>The reply of tarsnode's <c>getStateInfo</c>: a code, the state and a result text.</summary>
public sealed record StateInfoResult(int Ret, ServerStateInfo Info, string Result);
