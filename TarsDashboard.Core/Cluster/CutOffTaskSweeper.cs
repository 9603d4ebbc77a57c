using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Releases;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Cluster;

/// <summary>
/// On the leader, shortly after the start of its term and then every <see cref="ClusterOptions.SweepSeconds"/>: tasks and
/// releases whose instance stopped while they ran (its heartbeat went stale) are marked interrupted, so they can be
/// retried from any instance.
/// </summary>
public sealed class CutOffTaskSweeper : BackgroundService
{
    private readonly LeaderElection leader;
    private readonly InterruptedTaskRecovery tasks;
    private readonly ReleaseService releases;
    private readonly IOptions<ClusterOptions> options;
    private readonly ILogger<CutOffTaskSweeper> logger;
    private readonly TimeProvider clock;
    private readonly DatabaseStatus database;

    internal CutOffTaskSweeper(LeaderElection leader, InterruptedTaskRecovery tasks, ReleaseService releases, IOptions<ClusterOptions> options,
        ILogger<CutOffTaskSweeper> logger, TimeProvider clock, DatabaseStatus database)
    {
        this.database = database;
        this.leader = leader;
        this.tasks = tasks;
        this.releases = releases;
        this.options = options;
        this.logger = logger;
        this.clock = clock;
    }

    /// <summary>Raised after each sweep with how many task items and releases it marked (tests await it instead of sleeping).</summary>
    public event Action<int>? Swept;

    /// <summary>One sweep now; what the loop runs.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var marked = await tasks.RecoverAsync(cancellationToken) + await releases.RecoverAsync(cancellationToken);
        Swept?.Invoke(marked);
        return marked;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leader.RunWhileLeaderAsync(async term =>
    {
        var interval = TimeSpan.FromSeconds(options.Value.SweepSeconds);
        // Two heartbeats' time with the database answering before a sweep judges anyone: after an outage (which also
        // ends a term) live instances stamp their tasks again first, so none is taken for dead.
        var settle = TimeSpan.FromSeconds(options.Value.TaskHeartbeatSeconds * 2);
        var wait = settle;
        while (!term.IsCancellationRequested)
        {
            await Task.Delay(wait, clock, term);
            try
            {
                await SweepAsync(term);
                wait = interval;
            }
            catch (Exception exception) when (!term.IsCancellationRequested)
            {
                logger.LogWarning("Sweep of cut-off tasks failed: {Reason}", exception.Message);
                // Wait for the database to answer again, then let everyone stamp before judging.
                while (!(await database.PingAsync(term)).Ok)
                {
                    await Task.Delay(interval, clock, term);
                }

                wait = settle;
            }
        }
    }, stoppingToken);
}
