using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// The stable, URL-safe name of a log source: <c>container:{node}:{container}</c>, <c>file:{node}:{container}:{path}</c>,
/// <c>journal:node:{node}</c>, <c>journal:service:{App}.{Server}</c> or <c>tarslog:{node}:{App}.{Server}:{file}</c> (a
/// Tars log file read through the framework's tarsnode, e.g. <c>tarslog:10.0.0.5:tars.tarsnode:tars.tarsnode.log</c>).
/// Parsing is strict and only accepts the canonical form (Docker's name rules, absolute paths without <c>.</c>,
/// <c>..</c> or empty segments, bare <c>*.log</c> file names, no control characters), so one source has exactly one id
/// and nothing read from it can reach a shell or leave a container or its service's log folder.
/// </summary>
public sealed partial class LogSourceId : IEquatable<LogSourceId>
{
    public const int MaxPathLength = 1024;

    /// <summary>The longest Tars log file name accepted (a file system's name limit).</summary>
    public const int MaxLogFileLength = 255;

    private readonly string _text;

    private LogSourceId(LogSourceKind kind, string node, string container, string path, string application, string server, string logFile = "")
    {
        Kind = kind;
        Node = node;
        Container = container;
        Path = path;
        Application = application;
        Server = server;
        LogFile = logFile;
        _text = kind switch
        {
            LogSourceKind.Container => $"container:{node}:{container}",
            LogSourceKind.File => $"file:{node}:{container}:{path}",
            LogSourceKind.NodeJournal => $"journal:node:{node}",
            LogSourceKind.TarsLog => $"tarslog:{node}:{application}.{server}:{logFile}",
            _ => $"journal:service:{application}.{server}",
        };
    }

    public LogSourceKind Kind { get; }

    /// <summary>The node (engine, or the Tars node name for a Tars log) the source is on; empty for a service journal, which spans nodes.</summary>
    public string Node { get; }

    /// <summary>Container name or id, for container and file sources; otherwise empty.</summary>
    public string Container { get; }

    /// <summary>Absolute path inside the container, for file sources; otherwise empty.</summary>
    public string Path { get; }

    /// <summary>The Tars application of a service journal or a Tars log (<c>tars</c> for tarsnode's own folder); otherwise empty.</summary>
    public string Application { get; }

    /// <summary>The Tars server of a service journal or a Tars log (<c>tarsnode</c> for tarsnode's own folder); otherwise empty.</summary>
    public string Server { get; }

    /// <summary>A Tars log's bare file name in <c>&lt;logpath&gt;/App/Server/</c> (as getLogFileList lists it); otherwise empty.</summary>
    public string LogFile { get; }

    public static LogSourceId ForContainer(string node, string container) =>
        Create(LogSourceKind.Container, node, container, "", "", "");

    public static LogSourceId ForFile(string node, string container, string path) =>
        Create(LogSourceKind.File, node, container, path, "", "");

    public static LogSourceId ForNodeJournal(string node) =>
        Create(LogSourceKind.NodeJournal, node, "", "", "", "");

    public static LogSourceId ForServiceJournal(string application, string server) =>
        Create(LogSourceKind.ServiceJournal, "", "", "", application, server);

    /// <summary>A log file of <c>App.Server</c> on a Tars node, read through the framework (tarsnode's own: <c>tars</c>, <c>tarsnode</c>).</summary>
    public static LogSourceId ForTarsLog(string node, string application, string server, string logFile) =>
        Create(LogSourceKind.TarsLog, node, "", "", application, server, logFile);

    /// <summary>Parses an id; throws <see cref="FormatException"/> with the reason when it is not canonical.</summary>
    public static LogSourceId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Parses an id; on failure returns false and a reason fit to show the caller.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out LogSourceId? id, [NotNullWhen(false)] out string? error)
    {
        id = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxPathLength + 400)
        {
            error = "A log source id is required and must be shorter than 1,400 characters.";
            return false;
        }

        var parts = text.Split(':', 4);
        (LogSourceKind Kind, string Node, string Container, string Path, string Application, string Server, string LogFile)? fields = parts switch
        {
            ["container", var node, var container] => (LogSourceKind.Container, node, container, "", "", "", ""),
            ["file", var node, var container, var path] => (LogSourceKind.File, node, container, path, "", "", ""),
            ["journal", "node", var node] => (LogSourceKind.NodeJournal, node, "", "", "", "", ""),
            ["journal", "service", var service] when TryParseServiceName(service, out var app, out var server) =>
                (LogSourceKind.ServiceJournal, "", "", "", app, server, ""),
            ["tarslog", var node, var service, var file] when TryParseServiceName(service, out var app, out var server) =>
                (LogSourceKind.TarsLog, node, "", "", app, server, file),
            _ => null,
        };
        if (fields is not { } f)
        {
            error = $"'{Printable(text)}' is not a log source id (container:NODE:CONTAINER, file:NODE:CONTAINER:/PATH, "
                + "journal:node:NODE, journal:service:APP.SERVER or tarslog:NODE:APP.SERVER:FILE.log).";
            return false;
        }

        error = Validate(f.Kind, f.Node, f.Container, f.Path, f.LogFile);
        if (error is not null)
        {
            return false;
        }

        id = new LogSourceId(f.Kind, f.Node, f.Container, f.Path, f.Application, f.Server, f.LogFile);
        return true;
    }

    /// <summary>True for a bare Tars log file name: letters, digits, '.', '_', '-', ending in <c>.log</c>, no path.</summary>
    public static bool IsLogFileName(string? name) => name is { Length: <= MaxLogFileLength } && LogFileName().IsMatch(name);

    /// <summary>True when a container name is a Tars service's (<c>App.Server</c>), which is how tarsnode names them.</summary>
    public static bool TryParseServiceName(string? name, [NotNullWhen(true)] out string? application, [NotNullWhen(true)] out string? server)
    {
        application = server = null;
        if (name is null || !ServiceName().IsMatch(name))
        {
            return false;
        }

        var dot = name.IndexOf('.');
        application = name[..dot];
        server = name[(dot + 1)..];
        return true;
    }

    public bool Equals(LogSourceId? other) => other is not null && string.Equals(_text, other._text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as LogSourceId);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_text);

    public override string ToString() => _text;

    private static LogSourceId Create(LogSourceKind kind, string node, string container, string path, string application, string server,
        string logFile = "")
    {
        if ((kind is LogSourceKind.ServiceJournal or LogSourceKind.TarsLog) && !TryParseServiceName($"{application}.{server}", out _, out _))
        {
            throw new ArgumentException($"'{Printable(application)}.{Printable(server)}' is not a Tars service name (App.Server).");
        }

        var error = Validate(kind, node, container, path, logFile);
        return error is null ? new LogSourceId(kind, node, container, path, application, server, logFile) : throw new ArgumentException(error);
    }

    private static string? Validate(LogSourceKind kind, string node, string container, string path, string logFile)
    {
        if (kind != LogSourceKind.ServiceJournal && !TarsNames.IsValidNodeName(node))
        {
            return $"'{Printable(node)}' is not a node name (letters, digits, '.', '_', '-'; at most 50).";
        }

        if ((kind is LogSourceKind.Container or LogSourceKind.File) && !ContainerName().IsMatch(container))
        {
            return $"'{Printable(container)}' is not a container name or id (Docker's rule [a-zA-Z0-9][a-zA-Z0-9_.-]+, at most 128).";
        }

        if (kind == LogSourceKind.File && !IsCanonicalAbsolutePath(path))
        {
            return $"'{Printable(path)}' is not an absolute file path (it must start with '/', have no '.', '..' or empty parts, "
                + $"no control characters, and be at most {MaxPathLength} characters).";
        }

        // tarsnode puts the name into a shell command line (getLogData): only a bare, harmless name may get there.
        if (kind == LogSourceKind.TarsLog && !IsLogFileName(logFile))
        {
            return $"'{Printable(logFile)}' is not a Tars log file name (letters, digits, '.', '_', '-', ending in .log, "
                + $"no '/', at most {MaxLogFileLength} characters).";
        }

        return null;
    }

    private static bool IsCanonicalAbsolutePath(string path)
    {
        if (path.Length is < 2 or > MaxPathLength || path[0] != '/' || path.Any(char.IsControl))
        {
            return false;
        }

        foreach (var segment in path[1..].Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return false;
            }
        }

        return true;
    }

    // Error messages echo the input; control characters would let it forge lines in logs and terminals.
    private static string Printable(string text)
    {
        var shown = text.Length > 80 ? text[..80] + "…" : text;
        return string.Concat(shown.Select(c => char.IsControl(c) ? '?' : c));
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,127}\\z")]
    private static partial Regex ContainerName();

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9]{0,63}\\.[a-zA-Z][a-zA-Z0-9]{0,63}\\z")]
    private static partial Regex ServiceName();

    [GeneratedRegex("^[A-Za-z0-9._-]+\\.log\\z")]
    private static partial Regex LogFileName();
}
