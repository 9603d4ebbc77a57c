using Dapper;

namespace TarsDashboard.Core.Data;

/// <summary>Whether the database has been migrated and answers now; pages and /healthz read it.</summary>
public sealed class DatabaseStatus(TarsDatabase database)
{
    private volatile bool _ready;
    private volatile string? _lastError;

    /// <summary>True once the start-up migration has completed.</summary>
    public bool IsReady => _ready;

    public string? LastError => _lastError;

    public event Action? Changed;

    internal void MarkReady()
    {
        _ready = true;
        _lastError = null;
        Changed?.Invoke();
    }

    internal void MarkFailed(string error)
    {
        _lastError = error;
        Changed?.Invoke();
    }

    /// <summary>Runs <c>SELECT 1</c> with a short timeout: true when the database answers right now.</summary>
    public async Task<(bool Ok, string? Error)> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = await database.OpenAsync(cts.Token);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", commandTimeout: 3, cancellationToken: cts.Token));
            return (true, null);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, exception is OperationCanceledException ? "No answer within 3 s." : exception.Message);
        }
    }
}
