namespace TarsDashboard.Core.Logs;

/// <summary>What kind of multi-line entry a group of lines is so far, which decides the unindented lines it still takes.</summary>
public enum TraceState
{
    /// <summary>Only indented lines and the Java/.NET markers (<c>Caused by:</c>, <c>---&gt;</c>, ...) continue it.</summary>
    Plain,

    /// <summary>A Python traceback before its exception line: the next unindented line is that line and ends the frames.</summary>
    PythonFrames,

    /// <summary>A Go panic or goroutine dump: blank lines, goroutine headers and function lines continue it too.</summary>
    GoDump,
}
