namespace TarsDashboard.Core.Security;

/// <summary>Who asks: every Core operation takes one, checks it and writes it into the audit log.</summary>
public sealed record Caller(string UserName, CallerKind Kind = CallerKind.User)
{
    /// <summary>The dashboard itself (start-up registration, background recovery): allowed everything.</summary>
    public static Caller System { get; } = new("system", CallerKind.System);

    public override string ToString() => Kind == CallerKind.ApiToken ? $"{UserName} (token)" : UserName;
}
