using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Templates;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Where a service's files are on its node, worked out from <c>t_server_conf</c> (base_path, exe_path, server_type,
/// start_script_path) and the merged template the way tarsnode's CommandLoad does: the service folder, the folder the
/// package is copied into (exe path), the program, the generated config file and the start script tarsnode writes. Pure.
/// </summary>
public sealed record ServiceLayout
{
    /// <summary>The start script tarsnode writes into the exe path on every start and runs as the container's entrypoint.</summary>
    public const string StartScriptName = "tars_start.sh";

    /// <summary><c>App.Server</c>.</summary>
    public required string ServiceId { get; init; }

    /// <summary>server_type, trimmed and lower-cased as tarsnode reads it (empty means tars_cpp).</summary>
    public required string ServerType { get; init; }

    /// <summary>An absolute base_path, else <c>/usr/local/app/tars/tarsnode/data/App.Server</c>.</summary>
    public required string ServerDir { get; init; }

    /// <summary>The folder the package's files are copied into and the start script is written to; ends with <c>/</c>.</summary>
    public required string ExePath { get; init; }

    /// <summary>
    /// The program as configured: <c>&lt;exe path&gt;/&lt;Server&gt;</c> for C++ and Go, the template's <c>java=</c>,
    /// <c>nodejs=</c> or <c>php=</c> (else <c>java</c>, <c>node</c>, <c>php</c>), or exe_path itself when it names a file.
    /// </summary>
    public required string ExeFile { get; init; }

    /// <summary><c>&lt;serverDir&gt;/conf/App.Server.config.conf</c>.</summary>
    public required string ConfigFile { get; init; }

    /// <summary>tarsnode's shared library folder, added to LD_LIBRARY_PATH.</summary>
    public string LibPath { get; init; } = ServiceFolders.NodeDataDir + "/lib/";

    /// <summary>start_script_path made absolute (relative ones are under the exe path), or null when none is set.</summary>
    public string? CustomStartScript { get; init; }

    /// <summary><c>&lt;exe path&gt;tars_start.sh</c>.</summary>
    public string StartScriptFile => PosixPath.Simplify(ExePath + StartScriptName);

    public bool IsJava => ServerType == "tars_java";

    public bool IsNodejs => ServerType == "tars_nodejs";

    public bool IsPhp => ServerType == "tars_php";

    /// <summary>tars_cpp and tars_go (and an unknown or empty type, which tarsnode treats the same way).</summary>
    public bool IsNativeProgram => !IsJava && !IsNodejs && !IsPhp && !IsNotTars;

    public bool IsNotTars => ServerType == "not_tars";

    /// <param name="server">The instance.</param>
    /// <param name="mergedTemplate">The template chain merged with the private profile, before placeholders are filled.</param>
    public static ServiceLayout For(ServerConfRow server, TarsConfigDocument? mergedTemplate)
    {
        ArgumentNullException.ThrowIfNull(server);
        var serviceId = $"{server.Application}.{server.ServerName}";
        var serverType = (server.ServerType ?? "").Trim().ToLowerInvariant();
        var basePath = (server.BasePath ?? "").Trim();
        var serverDir = PosixPath.Simplify(basePath.Length > 0 && PosixPath.IsAbsolute(basePath) ? basePath : $"{ServiceFolders.NodeDataDir}/{serviceId}");
        var exePath = (server.ExePath ?? "").Trim();
        string exeFile;
        if (exePath.Length == 0)
        {
            exePath = serverDir + "/bin/";
            exeFile = serverType switch
            {
                "tars_java" => ProgramFromTemplate(mergedTemplate, "java"),
                "tars_nodejs" => ProgramFromTemplate(mergedTemplate, "nodejs", "node"),
                "tars_php" => ProgramFromTemplate(mergedTemplate, "php"),
                _ => exePath + server.ServerName,
            };
        }
        else if (!PosixPath.IsAbsolute(exePath))
        {
            // A relative exe_path names the program under bin/ (one binary can then run as several services).
            exeFile = $"{serverDir}/bin/{exePath}";
            exePath = PosixPath.FolderOf(exeFile);
        }
        else
        {
            exeFile = exePath;
            exePath = serverType == "tars_java" ? serverDir + "/bin/" : PosixPath.FolderOf(exePath);
        }

        exeFile = IsBareCommand(exeFile) ? exeFile : PosixPath.Simplify(exeFile);
        exePath = PosixPath.Simplify(exePath) + "/";
        if (exePath == "//")
        {
            exePath = "/";
        }

        var script = (server.StartScriptPath ?? "").Trim();
        return new ServiceLayout
        {
            ServiceId = serviceId,
            ServerType = serverType,
            ServerDir = serverDir,
            ExePath = exePath,
            ExeFile = exeFile,
            ConfigFile = $"{serverDir}/conf/{serviceId}.config.conf",
            CustomStartScript = script.Length == 0 ? null : PosixPath.Simplify(PosixPath.IsAbsolute(script) ? script : exePath + script),
        };
    }

    // "java", "node", "php": found on the image's PATH, so not a path to simplify.
    private static bool IsBareCommand(string exe) => !exe.Contains('/', StringComparison.Ordinal);

    private static string ProgramFromTemplate(TarsConfigDocument? template, string key, string? fallback = null)
    {
        var value = template?.GetValue($"/tars/application/server<{key}>")?.Trim();
        return string.IsNullOrEmpty(value) ? fallback ?? key : value;
    }
}
