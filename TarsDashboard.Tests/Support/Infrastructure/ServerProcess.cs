using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>
/// A long-running server process (dockerd, mariadbd, registry) whose stdout and stderr go to a log file,
/// started and probed until ready, and stopped gracefully with SIGTERM.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int LogTailLines = 40;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    // dockerd gives running containers 15 s to stop before it exits itself.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly string _description;
    private readonly string _logPath;
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private bool _logClosed;

    private ServerProcess(string description, string logPath, Process process, StreamWriter log)
    {
        _description = description;
        _logPath = logPath;
        _process = process;
        _log = log;
    }

    /// <summary>
    /// Starts the process, appending its output to <paramref name="logPath"/>, and waits up to 30 s until
    /// <paramref name="isReady"/> answers true. On failure the process is killed and the error carries the log tail.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string description,
        string fileName,
        IEnumerable<string> arguments,
        string logPath,
        Func<CancellationToken, Task<bool>> isReady,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
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

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        // Appending keeps the history of earlier runs when a test stops and restarts a server.
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
            AutoFlush = true,
        };
        Process process;
        try
        {
            process = StartOrExplain(startInfo);
        }
        catch
        {
            await log.DisposeAsync();
            throw;
        }

        var server = new ServerProcess(description, logPath, process, log);
        process.OutputDataReceived += (_, e) => server.AppendLog(e.Data);
        process.ErrorDataReceived += (_, e) => server.AppendLog(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server.WaitUntilReadyAsync(isReady, cancellationToken);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts a process, turning "file not found" into a hint about the machine prerequisites.</summary>
    public static Process StartOrExplain(ProcessStartInfo startInfo)
    {
        try
        {
            return Process.Start(startInfo)
                ?? throw new InvalidOperationException($"'{startInfo.FileName}' did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"'{startInfo.FileName}' could not be started ({ex.Message}); run scripts/install-prereqs.sh first.", ex);
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Sends SIGTERM and waits for a clean exit; kills the process tree if it takes longer than 60 s.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            // .NET can only SIGKILL; SIGTERM lets a server shut down cleanly (unmount, flush, remove its socket).
            // A failure (ESRCH: it exited meanwhile) needs no handling, the wait below covers it.
            _ = Kill(_process.Id, SigTerm);
            if (!await WaitForExitAsync(StopTimeout))
            {
                _process.Kill(entireProcessTree: true);
                await WaitForExitAsync(StopTimeout);
            }
        }

        CloseLog();
    }

    public string LogTail()
    {
        using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new Queue<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Enqueue(line);
            if (lines.Count > LogTailLines)
            {
                lines.Dequeue();
            }
        }

        return string.Join('\n', lines);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(StopTimeout);
        }

        _process.Dispose();
        CloseLog();
    }

    private async Task WaitUntilReadyAsync(Func<CancellationToken, Task<bool>> isReady, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        var lastProblem = "not probed yet";
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{_description} exited with code {_process.ExitCode} before it was ready. Log tail:\n{LogTail()}");
            }

            try
            {
                if (await isReady(timeout.Token))
                {
                    return;
                }

                lastProblem = "the readiness probe answered 'not ready'";
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                lastProblem = ex.Message;
            }

            try
            {
                await Task.Delay(PollInterval, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"{_description} was not ready after {ReadyTimeout.TotalSeconds} s ({lastProblem}). Log tail:\n{LogTail()}");
            }
        }
    }

    // Polls instead of Process.WaitForExitAsync, which also waits for the output pipes to close; a child the
    // server spawned (dockerd's containerd) may hold them open a little longer.
    private async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!_process.HasExited)
        {
            if (stopwatch.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(PollInterval);
        }

        return true;
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            // Output events can still arrive after the log was closed on stop.
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }

    private void CloseLog()
    {
        lock (_logLock)
        {
            if (!_logClosed)
            {
                _logClosed = true;
                _log.Dispose();
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int processId, int signal);
}
