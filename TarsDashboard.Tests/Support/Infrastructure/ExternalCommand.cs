using System.Diagnostics;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>Runs a short-lived command to completion (never through a shell) and captures its output.</summary>
internal static class ExternalCommand
{
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = ServerProcess.StartOrExplain(startInfo);
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await standardOutput, await standardError);
    }

    /// <summary>Like <see cref="RunAsync"/>, but a non-zero exit code is an error; returns standard output.</summary>
    public static async Task<string> RunCheckedAsync(
        string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var argumentList = arguments.ToList();
        var (exitCode, standardOutput, standardError) = await RunAsync(fileName, argumentList, cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', argumentList)}' exited with code {exitCode}:\n{standardError}\n{standardOutput}");
        }

        return standardOutput;
    }
}
