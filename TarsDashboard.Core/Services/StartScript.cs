using System.Text;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The <c>tars_start.sh</c> tarsnode writes into a service's exe path before every start (CommandStart::prepareScript),
/// for the container it runs as entrypoint: <c>#!/bin/sh</c>, the template's <c>env=</c> exported, LD_LIBRARY_PATH with
/// the exe and lib folders, a SIGTERM/SIGINT trap, then the command for the server type in the foreground (no <c>&amp;</c>
/// and no pidfile: the container's life is the service's). Pure.
/// </summary>
/// <remarks>
/// <para>Commands: tars_cpp and tars_go run <c>&lt;exe&gt; --config=&lt;conf&gt;</c>; tars_java
/// <c>java -Dconfig=&lt;conf&gt; &lt;jvmparams&gt; -cp &lt;classpath&gt;/* &lt;mainclass&gt;</c> (no <c>-cp</c> for
/// <c>packageFormat=jar</c>); tars_nodejs the node-agent from <c>tars_nodejs/node-agent</c> with the package folder and
/// <c>-c &lt;conf&gt;</c>; tars_php <c>php &lt;entrance&gt; --config=&lt;conf&gt;</c> and an endless loop (its server
/// daemonises); a service with start_script_path (or not_tars) runs that script with <c>App.Server</c> as argument.</para>
/// <para>One difference from tarsnode, on purpose: the command is started with <c>exec</c> (php excepted, whose loop must
/// follow), so the service itself is the container's first process and receives the engine's SIGTERM on stop. tarsnode
/// can leave the shell in front because it stops services through their admin port first.</para>
/// <para>Quoting: every value from the database or the template (paths, jvmparams words, main class, the script path) is
/// one shell word, single-quoted when needed, so none is interpreted by the shell. The exception is <c>env=</c>, which the
/// admin writes as shell exports (tarsnode writes <c>export &lt;entry&gt;</c> as typed): see <see cref="ExportLines"/>.</para>
/// </remarks>
public static class StartScript
{
    /// <summary>tarsnode splits <c>env=</c> at any of these.</summary>
    private static readonly char[] EnvironmentSeparators = [';', '|'];

    public static string Build(StartScriptInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var layout = input.Layout;
        var script = new StringBuilder()
            .Append("#!/bin/sh\n")
            .Append("# Written by TarsDashboard before every start, as tarsnode writes it; changes here are overwritten.\n");
        foreach (var line in ExportLines(input.Environment))
        {
            script.Append(line).Append('\n');
        }

        script.Append("export LD_LIBRARY_PATH=\"$LD_LIBRARY_PATH\":")
            .Append(ShellQuoting.Quote(layout.ExePath)).Append(':').Append(ShellQuoting.Quote(layout.LibPath)).Append('\n')
            .Append("trap 'exit' TERM INT\n\n");

        if (layout.CustomStartScript is { } custom)
        {
            // tarsnode makes the script executable before it runs it (Activator::doScript).
            var quoted = ShellQuoting.Quote(custom);
            script.Append("[ -x ").Append(quoted).Append(" ] || chmod +x ").Append(quoted).Append('\n')
                .Append("exec ").Append(ShellQuoting.Join([custom, layout.ServiceId])).Append('\n');
            return script.ToString();
        }

        var words = new List<string> { input.Program };
        if (layout.IsJava)
        {
            words.Add("-Dconfig=" + layout.ConfigFile);
            words.AddRange(SplitBlanks(input.JvmParams));
            if (!string.Equals(input.PackageFormat, "jar", StringComparison.Ordinal))
            {
                words.Add("-cp");
                words.Add(input.ClassPath + "/*");
            }

            words.AddRange(SplitBlanks(input.MainClass));
        }
        else if (layout.IsNodejs)
        {
            words.Add(PosixPath.Simplify(layout.ExePath + "tars_nodejs/node-agent/bin/node-agent"));
            words.Add(PosixPath.Simplify(input.NodePackageFolder ?? layout.ExePath));
            words.Add("-c");
            words.Add(layout.ConfigFile);
        }
        else if (layout.IsPhp)
        {
            words.Add(input.PhpEntrance ?? layout.ServerDir + "/bin/src/index.php");
            words.Add("--config=" + layout.ConfigFile);
            script.Append(ShellQuoting.Join(words)).Append('\n')
                .Append("while true; do sleep 1; done\n");
            return script.ToString();
        }
        else
        {
            words.Add("--config=" + layout.ConfigFile);
        }

        script.Append("exec ").Append(ShellQuoting.Join(words)).Append('\n');
        return script.ToString();
    }

    /// <summary>
    /// The <c>export</c> lines for a <c>&lt;server&gt; env=</c> value, with tarsnode's semantics made safe.
    /// </summary>
    /// <remarks>
    /// tarsnode splits the value at <c>;</c> and <c>|</c> and writes <c>export &lt;entry&gt;</c> for each, so an entry is
    /// what the admin typed as a shell export: <c>NAME=value</c> (or a bare <c>NAME</c>). Kept from that: a reference to
    /// another variable, <c>$NAME</c> or <c>${NAME}</c>, expands (<c>PATH=$PATH:/opt/bin</c> works), and quotes around the
    /// whole value are removed as the shell would (single quotes: nothing inside expands). Dropped: everything else a shell
    /// would do with the text (command substitution, backquotes, <c>${x:-y}</c> forms, globbing, splitting, a second
    /// command after a space); such characters stay literal. A name that is not a shell variable name refuses the start.
    /// </remarks>
    /// <exception cref="ValidationFailedException">An entry's name is not a valid variable name.</exception>
    public static IReadOnlyList<string> ExportLines(string? environment)
    {
        var lines = new List<string>();
        foreach (var piece in (environment ?? "").Split(EnvironmentSeparators))
        {
            var entry = piece.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? entry : entry[..equals];
            if (!IsVariableName(name))
            {
                throw new ValidationFailedException(new FieldError("Environment", "Service.Env.InvalidName",
                    $"env= in the template holds \"{entry}\": \"{name}\" is not a shell variable name (letters, digits and '_', not starting with a digit).",
                    entry, name));
            }

            lines.Add(equals < 0 ? $"export {name}" : $"export {name}={ShellValue(entry[(equals + 1)..])}");
        }

        return lines;
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    // The value as one double-quoted word in which only $NAME and ${NAME} keep their meaning.
    private static string ShellValue(string value)
    {
        if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' && value.IndexOf('\'', 1) == value.Length - 1)
        {
            return ShellQuoting.Quote(value[1..^1]);
        }

        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        var word = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '$' && VariableReferenceLength(value, i) is var length and > 0)
            {
                word.Append(value, i, length);
                i += length - 1;
                continue;
            }

            if (c is '$' or '`' or '"' or '\\')
            {
                word.Append('\\');
            }

            word.Append(c);
        }

        return word.Append('"').ToString();
    }

    // The length of "$NAME" or "${NAME}" starting at value[start], or 0 when that '$' starts neither.
    private static int VariableReferenceLength(string value, int start)
    {
        var i = start + 1;
        var braced = i < value.Length && value[i] == '{';
        if (braced)
        {
            i++;
        }

        var nameStart = i;
        while (i < value.Length && (char.IsAsciiLetterOrDigit(value[i]) || value[i] == '_'))
        {
            i++;
        }

        if (i == nameStart || char.IsAsciiDigit(value[nameStart]))
        {
            return 0;
        }

        if (braced)
        {
            return i < value.Length && value[i] == '}' ? i + 1 - start : 0;
        }

        return i - start;
    }

    private static IEnumerable<string> SplitBlanks(string text) => text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
}
