using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TarsDashboard.Core.Cluster;

/// <summary>
/// The tasks (and releases) this instance runs: each is claimed in <c>tdash_task_owner</c> when it starts, stamped
/// every <see cref="ClusterOptions.TaskHeartbeatSeconds"/> while it runs and released when it ends. A task whose stamp
/// grows old belongs to an instance that stopped; the leader's <see cref="CutOffTaskSweeper"/> marks it.
/// </summary>
public sealed class TaskOwnership : BackgroundService
{
    private readonly TaskOwnerRepository owners;
    private readonly IOptions<ClusterOptions> options;
    private readonly ILogger<TaskOwnership> logger;
    private readonly TimeProvider clock;
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    internal TaskOwnership(TaskOwnerRepository owners, InstanceIdentity instance, IOptions<ClusterOptions> options,
        ILogger<TaskOwnership> logger, TimeProvider clock)
    {
        this.owners = owners;
        this.options = options;
        this.logger = logger;
        this.clock = clock;
        InstanceId = instance.Id;
    }

    public string InstanceId { get; }

    /// <summary>The key a release is owned under (<c>t_task.task_no</c> is a task's own key).</summary>
    public static string ReleaseKey(int releaseId) => "release-" + releaseId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Records this instance as the task's owner; call before the task's rows are written, so none is ever ownerless.</summary>
    public async Task ClaimAsync(string taskNo, CancellationToken cancellationToken = default)
    {
        _running[taskNo] = 0;
        try
        {
            await owners.ClaimAsync(taskNo, InstanceId, cancellationToken);
        }
        catch
        {
            _running.TryRemove(taskNo, out _);
            throw;
        }
    }

    /// <summary>The task ended here (however it ended): nobody needs to watch it any more.</summary>
    public async Task ReleaseAsync(string taskNo)
    {
        _running.TryRemove(taskNo, out _);
        try
        {
            await owners.ReleaseAsync(taskNo, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // A row left behind only goes stale; the sweep finds the task finished and removes it.
            logger.LogWarning("Owner of task {Task} not released: {Reason}", taskNo, exception.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.TaskHeartbeatSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(interval, clock, stoppingToken);
                if (_running.IsEmpty)
                {
                    continue;
                }

                try
                {
                    await owners.HeartbeatAsync(InstanceId, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Task heartbeat not written: {Reason}", exception.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
