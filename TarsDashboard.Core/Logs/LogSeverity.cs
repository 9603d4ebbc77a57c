namespace TarsDashboard.Core.Logs;

/// <summary>
/// The level a line announces in its text. Named apart from Microsoft.Extensions.Logging.LogLevel, which the web
/// project imports implicitly; <see cref="None"/> is first so a default value means "not detected".
/// </summary>
public enum LogSeverity
{
    None,
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}
