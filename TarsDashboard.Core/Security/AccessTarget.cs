namespace TarsDashboard.Core.Security;

/// <summary>What an action is about: nothing in particular (global), an application, or one service.</summary>
public sealed record AccessTarget(string? Application = null, string? Server = null)
{
    public static AccessTarget Global { get; } = new();

    public static AccessTarget App(string application) => new(application);

    public static AccessTarget Service(string application, string server) => new(application, server);

    public override string ToString() => Application is null ? "*" : Server is null ? Application : $"{Application}.{Server}";
}
