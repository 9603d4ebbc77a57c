using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Data;

/// <summary>
/// Migrates the database, creates the first admin and registers the local Docker socket, retrying with back-off
/// while the database is unreachable so that the dashboard starts (and says so) instead of crashing.
/// </summary>
public sealed class DatabaseInitializer(
    SchemaMigrator migrator,
    DatabaseStatus status,
    AccountService accounts,
    TarsDashboard.Core.Deploy.Setup.FirstRun firstRun,
    NodeService nodes,
    IConfiguration configuration,
    ILogger<DatabaseInitializer> logger,
    TimeProvider clock) : BackgroundService
{
    /// <summary>Runs one attempt; also called by tests and at start-up before the app takes requests.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);
        if (await accounts.EnsureInitialAdminAsync(configuration["Admin:InitialPassword"], cancellationToken))
        {
            // An empty database: offer the first-run wizard (database, admin password, first node).
            await firstRun.MarkPendingAsync(cancellationToken);
        }
        // Tasks and releases cut off by a stop are marked by the leader's CutOffTaskSweeper, once their instance's
        // heartbeat is stale: with several instances, an unfinished task here may be another live instance's.
        status.MarkReady();
        try
        {
            await nodes.RegisterLocalSocketAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("Local Docker socket not registered: {Reason}", exception.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!status.IsReady && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                await InitializeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogWarning("Database not ready, retrying in {Delay}: {Reason}", delay, exception.Message);
                status.MarkFailed(exception.Message);
                await Task.Delay(delay, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
            }
        }
    }
}
