using TarsDashboard.Core.Templates;

namespace TarsDashboard.Core.Services;

/// <summary>What <see cref="StartScript.Build"/> needs: the service's layout, its program, and the generated config's values.</summary>
public sealed record StartScriptInput
{
    public required ServiceLayout Layout { get; init; }

    /// <summary>The program to run, as found at start (<see cref="ServiceLayout.ExeFile"/>, or what tarsnode falls back to).</summary>
    public required string Program { get; init; }

    /// <summary><c>&lt;server&gt; env=</c>: <c>NAME=value</c> entries separated by <c>;</c> or <c>|</c>.</summary>
    public string Environment { get; init; } = "";

    /// <summary>tars_java: <c>&lt;server&gt; jvmparams=</c>, split on blanks as tarsnode splits it.</summary>
    public string JvmParams { get; init; } = "";

    /// <summary>tars_java: <c>&lt;server&gt; mainclass=</c>.</summary>
    public string MainClass { get; init; } = "";

    /// <summary>tars_java: <c>&lt;server&gt; classpath=</c>; the command gets <c>-cp &lt;classpath&gt;/*</c>.</summary>
    public string ClassPath { get; init; } = "";

    /// <summary>tars_java: <c>&lt;server&gt; packageFormat=</c>; <c>jar</c> runs the main class with no <c>-cp</c>.</summary>
    public string PackageFormat { get; init; } = "tgz";

    /// <summary>tars_php: <c>&lt;server&gt; entrance=</c>, else <c>&lt;serverDir&gt;/bin/src/index.php</c>.</summary>
    public string? PhpEntrance { get; init; }

    /// <summary>tars_nodejs: the folder holding the service's package.json, else the exe path.</summary>
    public string? NodePackageFolder { get; init; }

    /// <summary>The input with the values tarsnode reads from the generated config (after its placeholders are filled).</summary>
    public static StartScriptInput From(ServiceLayout layout, TarsConfigDocument generatedConfig, string program, string? nodePackageFolder = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(generatedConfig);
        string Server(string key) => generatedConfig.GetValue($"/tars/application/server<{key}>") ?? "";
        var entrance = Server("entrance");
        var format = Server("packageFormat");
        return new StartScriptInput
        {
            Layout = layout,
            Program = program,
            Environment = Server("env"),
            JvmParams = Server("jvmparams"),
            MainClass = Server("mainclass"),
            ClassPath = Server("classpath"),
            PackageFormat = format.Length == 0 ? "tgz" : format,
            PhpEntrance = entrance.Length == 0 ? null : entrance,
            NodePackageFolder = nodePackageFolder,
        };
    }
}
