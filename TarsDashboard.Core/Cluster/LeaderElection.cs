using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Cluster;

/// <summary>
/// One leader among the dashboard instances on a database, for the background work that must run once (engine event
/// watchers, node health rounds, alert rules, resource recording, the sweep of cut-off tasks). Every
/// <see cref="ClusterOptions.PollSeconds"/> each instance tries to take the <c>leader</c> lease in <c>tdash_lease</c>
/// for <see cref="ClusterOptions.LeaseSeconds"/>; the leader's try renews it. Losing it (another instance holds it, or
/// the database did not answer for longer than the lease held) cancels the term's <see cref="LeaderToken"/> at once,
/// so the work stops before another instance can have taken over. One instance alone takes the free lease at start.
/// </summary>
public sealed class LeaderElection : BackgroundService
{
    public const string LeaseName = "leader";

    private readonly LeaseRepository leases;
    private readonly DatabaseStatus database;
    private readonly IOptions<ClusterOptions> options;
    private readonly ILogger<LeaderElection> logger;
    private readonly TimeProvider clock;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _term;
    private TaskCompletionSource<CancellationToken> _elected = NewElected();

    internal LeaderElection(LeaseRepository leases, InstanceIdentity instance, DatabaseStatus database, IOptions<ClusterOptions> options,
        ILogger<LeaderElection> logger, TimeProvider clock)
    {
        this.leases = leases;
        this.database = database;
        this.options = options;
        this.logger = logger;
        this.clock = clock;
        InstanceId = instance.Id;
    }

    public string InstanceId { get; }

    /// <summary>False makes a stop behave like a killed process, which leaves its lease to run out (tests of a failover).</summary>
    internal bool ReleaseOnStop { get; set; } = true;

    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _term is { IsCancellationRequested: false };
            }
        }
    }

    /// <summary>Raised with true when this instance became the leader, false when it stopped being it.</summary>
    public event Action<bool>? LeadershipChanged;

    /// <summary>Cancelled when this instance loses the lead (already cancelled while it does not lead).</summary>
    public CancellationToken LeaderToken
    {
        get
        {
            lock (_gate)
            {
                return _term?.Token ?? new CancellationToken(canceled: true);
            }
        }
    }

    /// <summary>Completes with the term's <see cref="LeaderToken"/> once this instance leads.</summary>
    public Task<CancellationToken> WhenLeaderAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _elected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> during each term of leadership, with a token cancelled when the term ends or the
    /// host stops; a background service's whole ExecuteAsync goes through here.
    /// </summary>
    public async Task RunWhileLeaderAsync(Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await WhenLeaderAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            try
            {
                await work(linked.Token);
                // Work that ended by itself (nothing to do) waits for the next term rather than starting over at once.
                await Task.Delay(Timeout.Infinite, linked.Token);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Leader work failed; it starts again with the next term");
                await WaitForTermEndAsync(term, stoppingToken);
            }
        }
    }

    private static async Task WaitForTermEndAsync(CancellationToken term, CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
        await Task.Delay(Timeout.Infinite, linked.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>
    /// With the database ready, the first try is made before the other background services start, so that a single
    /// instance leads from its first moment, as it did before there was a lease.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.IsReady)
        {
            try
            {
                if (await leases.TryTakeAsync(LeaseName, InstanceId, options.Value.LeaseSeconds, cancellationToken))
                {
                    Gain();
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Leader lease not taken at start: {Reason}", exception.Message);
            }
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var poll = TimeSpan.FromSeconds(settings.PollSeconds);
        // Measured on this machine's monotonic clock from before the renewing statement was sent: the lease in the
        // database runs out no earlier than that plus its length.
        var heldSince = 0L;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (database.IsReady)
                {
                    var attempt = Stopwatch.GetTimestamp();
                    try
                    {
                        if (await leases.TryTakeAsync(LeaseName, InstanceId, settings.LeaseSeconds, stoppingToken))
                        {
                            heldSince = attempt;
                            Gain();
                        }
                        else
                        {
                            Lose("another instance holds the lease");
                        }
                    }
                    catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                    {
                        // A lease not renewed may be taken by another instance once it has run out: stop leading
                        // a poll before that, with a margin for the statement that did not come back.
                        var held = Stopwatch.GetElapsedTime(heldSince);
                        if (IsLeader && held + poll >= TimeSpan.FromSeconds(settings.LeaseSeconds))
                        {
                            Lose("the lease could not be renewed: " + exception.Message);
                        }
                        else
                        {
                            logger.LogWarning("Leader lease not renewed ({Reason}); trying again", exception.Message);
                        }
                    }
                }

                // Until the start-up migration is done there is no lease table; it is tried soon after.
                await Task.Delay(database.IsReady ? poll : TimeSpan.FromMilliseconds(200), clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var wasLeader = IsLeader;
        await base.StopAsync(cancellationToken);
        Lose("the dashboard is stopping", expected: true);
        if (wasLeader && ReleaseOnStop)
        {
            try
            {
                // Hand over at once instead of after the lease runs out.
                await leases.ReleaseAsync(LeaseName, InstanceId, cancellationToken);
            }
            catch (Exception exception)
            {
                // Best effort, also when the host's stop time runs out: the lease expires on its own.
                logger.LogWarning("Leader lease not released: {Reason}", exception.Message);
            }
        }
    }

    private void Gain()
    {
        lock (_gate)
        {
            if (_term is { IsCancellationRequested: false })
            {
                return;
            }

            _term?.Dispose();
            _term = new CancellationTokenSource();
            _elected.TrySetResult(_term.Token);
        }

        logger.LogInformation("Instance {Instance} leads the background work", InstanceId);
        LeadershipChanged?.Invoke(true);
    }

    private void Lose(string reason, bool expected = false)
    {
        CancellationTokenSource? ended;
        lock (_gate)
        {
            if (_term is not { IsCancellationRequested: false })
            {
                return;
            }

            ended = _term;
            _elected = NewElected();
        }

        // Stopping is the normal way a term ends: only a lost lease is worth a warning.
        logger.Log(expected ? LogLevel.Information : LogLevel.Warning, "Instance {Instance} no longer leads: {Reason}", InstanceId, reason);
        ended.Cancel();
        LeadershipChanged?.Invoke(false);
    }

    private static TaskCompletionSource<CancellationToken> NewElected() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
