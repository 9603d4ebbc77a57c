using Docker.DotNet;
using Docker.DotNet.Models;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// Runs a program inside a container through the engine's exec API, always as an argument vector: no shell ever
/// sees a path or any other text, so nothing a user typed can become a command. Minimal images have no tool links,
/// so a tool that is missing (exit 126/127) is retried as a busybox applet.
/// </summary>
internal static class ContainerExec
{
    /// <summary>Runs <paramref name="argv"/> to its end and returns its output and exit code.</summary>
    public static async Task<ContainerExecResult> RunAsync(IDockerClient client, string container, IList<string> argv, CancellationToken cancellationToken)
    {
        var (execId, stdout, stderr) = await ReadToEndAsync(client, container, argv, cancellationToken).ConfigureAwait(false);
        return new ContainerExecResult(await ExitCodeAsync(client, execId, cancellationToken).ConfigureAwait(false), stdout, stderr);
    }

    /// <summary>
    /// Runs <paramref name="argv"/> and returns what it printed on stdout, without waiting for the engine to record its
    /// exit code: for quick reads (a block of a file) where the output itself says whether it worked.
    /// </summary>
    public static async Task<string> ReadStdoutAsync(IDockerClient client, string container, IList<string> argv, CancellationToken cancellationToken) =>
        (await ReadToEndAsync(client, container, argv, cancellationToken).ConfigureAwait(false)).Stdout;

    private static async Task<(string ExecId, string Stdout, string Stderr)> ReadToEndAsync(IDockerClient client, string container, IList<string> argv,
        CancellationToken cancellationToken)
    {
        var exec = await client.Exec.CreateContainerExecAsync(container, Parameters(argv), cancellationToken).ConfigureAwait(false);
        using var stream = await client.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), cancellationToken)
            .ConfigureAwait(false);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken).ConfigureAwait(false);
        return (exec.ID, stdout, stderr);
    }

    // The engine can end the output stream a moment before it records the exit code (inspect says Running, ExitCode
    // null): ask again briefly, since 126/127 decide the busybox retry. -1 when it never says.
    private static async Task<long> ExitCodeAsync(IDockerClient client, string execId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var inspect = await client.Exec.InspectContainerExecAsync(execId, cancellationToken).ConfigureAwait(false);
            if (inspect.ExitCode is { } code && !inspect.Running)
            {
                return code;
            }

            if (attempt == 50)
            {
                return inspect.ExitCode ?? -1;
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <c>tool args…</c>, or <c>busybox tool args…</c> when the image has no <paramref name="tool"/>.</summary>
    public static async Task<ContainerExecResult> RunToolAsync(IDockerClient client, string container, string tool, IReadOnlyList<string> args,
        CancellationToken cancellationToken)
    {
        var result = await RunAsync(client, container, [tool, .. args], cancellationToken).ConfigureAwait(false);
        return IsMissing(result.ExitCode)
            ? await RunAsync(client, container, ["busybox", tool, .. args], cancellationToken).ConfigureAwait(false)
            : result;
    }

    /// <summary>The argument prefix that runs <paramref name="tool"/> in this container: the tool itself or its busybox applet.</summary>
    public static async Task<string[]> ResolveToolAsync(IDockerClient client, string container, string tool, IReadOnlyList<string> probeArgs,
        CancellationToken cancellationToken)
    {
        var probe = await RunAsync(client, container, [tool, .. probeArgs], cancellationToken).ConfigureAwait(false);
        return IsMissing(probe.ExitCode) ? ["busybox", tool] : [tool];
    }

    /// <summary>
    /// The newest process in the container whose command line is exactly <paramref name="argv"/> (from <c>ps -o pid,args</c>),
    /// or null when there is none or no ps. The engine does not end an exec whose client went away, so a follower
    /// finds its own process this way to end it.
    /// </summary>
    public static async Task<int?> FindProcessAsync(IDockerClient client, string container, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var listing = await RunToolAsync(client, container, "ps", ["-o", "pid,args"], cancellationToken).ConfigureAwait(false);
        if (listing.ExitCode != 0)
        {
            return null;
        }

        var wanted = string.Join(' ', argv);
        int? newest = null;
        foreach (var line in listing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.IndexOf(' ');
            if (space > 0 && int.TryParse(line.AsSpan(0, space), out var pid) && line[(space + 1)..].Trim() == wanted && pid > (newest ?? 0))
            {
                newest = pid;
            }
        }

        return newest;
    }

    /// <summary>Ends a process in the container (SIGTERM); false when that did not work.</summary>
    public static async Task<bool> KillAsync(IDockerClient client, string container, int pid, CancellationToken cancellationToken) =>
        (await RunToolAsync(client, container, "kill", [pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken)
            .ConfigureAwait(false)).ExitCode == 0;

    public static ContainerExecCreateParameters Parameters(IList<string> argv) => new()
    {
        Cmd = argv,
        AttachStdout = true,
        AttachStderr = true,
        AttachStdin = false,
        TTY = false,
    };

    // The runtime's codes for "not executable" and "not found".
    private static bool IsMissing(long exitCode) => exitCode is 126 or 127;
}
