using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Releases;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Cluster;

/// <summary>
/// On the leader, at the start of its term and then every <see cref="ClusterOptions.SweepSeconds"/>: tasks and
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

    internal CutOffTaskSweeper(LeaderElection leader, InterruptedTaskRecovery tasks, ReleaseService releases, IOptions<ClusterOptions> options,
        ILogger<CutOffTaskSweeper> logger, TimeProvider clock)
    {
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
        while (!term.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(term);
            }
            catch (Exception exception) when (!term.IsCancellationRequested)
            {
                logger.LogWarning("Sweep of cut-off tasks failed: {Reason}", exception.Message);
            }

            await Task.Delay(interval, clock, term);
        }
    }, stoppingToken);
}
