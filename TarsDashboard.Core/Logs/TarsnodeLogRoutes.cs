namespace TarsDashboard.Core.Logs;

/// <summary>The routes <see cref="TarsnodeLogs"/> may take, e.g. only the engine for a node the framework does not know.</summary>
[Flags]
public enum TarsnodeLogRoutes
{
    Engine = 1,
    Framework = 2,
    Any = Engine | Framework,
}
