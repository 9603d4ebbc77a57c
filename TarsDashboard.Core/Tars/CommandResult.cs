namespace TarsDashboard.Core.Tars;

/// <summary>
/// The reply of a command shaped <c>int f(…, out string result)</c> (start, stop, restart, notify, load, patch):
/// <see cref="Ret"/> is the servant's code (0 success, AdminReg's <c>tarsErrCode</c> otherwise), <see cref="Result"/> its text.
/// </summary>
public sealed record CommandResult(int Ret, string Result)
{
    public bool Succeeded => Ret == 0;
}
