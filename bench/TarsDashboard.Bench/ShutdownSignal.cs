using System.Runtime.InteropServices;

namespace TarsDashboard.Bench;

/// <summary>
/// Turns Ctrl+C and SIGTERM into a cancellation instead of an immediate exit, so that the benchmark's finally blocks
/// still stop the engines and the registry it started and remove their temp folders.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Also on a second Ctrl+C: exiting now would leave dockerd processes and their folders behind.
        context.Cancel = true;
        if (!_cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("Stopping: cleaning up the servers (this can take a few seconds)...");
            _cancellation.Cancel();
        }
    }
}
