namespace TarsDashboard.Core.Alerts;

/// <summary>
/// Turns signals, starts and resource samples into firings and recoveries, without I/O. It de-duplicates: a rule fires
/// once per target while the condition holds, and recovers once when it clears. Thread-safe (one lock; the work is tiny).
/// </summary>
public sealed class AlertEvaluator
{
    // A target's starts are kept as long as the longest window a rule may ask for.
    private static readonly TimeSpan StartMemory = TimeSpan.FromMinutes(AlertRuleValidator.MaxWindowMinutes);
    private const int MaxStartsKept = 1000;
    private const int MaxLineInMessage = 200;

    private readonly Lock _gate = new();
    private readonly Dictionary<(int RuleId, string Key), AlertTarget> _firing = [];
    private readonly Dictionary<string, Queue<DateTimeOffset>> _starts = new(StringComparer.Ordinal);
    private readonly Dictionary<(int RuleId, string Key), DateTimeOffset> _aboveSince = [];
    private readonly Dictionary<(int RuleId, string Key), Queue<DateTimeOffset>> _matches = [];
    private readonly TimeSpan _minute;

    /// <param name="minute">How long a rule's "minute" lasts: a minute, shorter only in tests of windows.</param>
    public AlertEvaluator(TimeSpan? minute = null)
    {
        _minute = minute ?? TimeSpan.FromMinutes(1);
    }

    /// <summary>How many (rule, target) pairs fire now.</summary>
    public int FiringCount
    {
        get
        {
            lock (_gate)
            {
                return _firing.Count;
            }
        }
    }

    public bool IsFiring(int ruleId, AlertTarget target)
    {
        lock (_gate)
        {
            return _firing.ContainsKey((ruleId, target.Key));
        }
    }

    public IReadOnlyList<AlertTransition> Observe(IReadOnlyList<AlertRule> rules, AlertSignal signal)
    {
        var transitions = new List<AlertTransition>();
        lock (_gate)
        {
            foreach (var rule in Watching(rules, signal.Target).Where(r => signal.Kinds.Contains(r.Kind)))
            {
                if (signal.Active)
                {
                    Fire(rule, signal.Target, signal.Detail, signal.At, transitions);
                }
                else
                {
                    Recover(rule, signal.Target, signal.Detail, signal.At, transitions);
                }
            }
        }

        return transitions;
    }

    /// <summary>A container of the target started: counts towards restart loops.</summary>
    public IReadOnlyList<AlertTransition> ObserveStart(IReadOnlyList<AlertRule> rules, AlertTarget target, DateTimeOffset at)
    {
        var transitions = new List<AlertTransition>();
        lock (_gate)
        {
            if (!_starts.TryGetValue(target.Key, out var starts))
            {
                _starts[target.Key] = starts = new Queue<DateTimeOffset>();
            }

            starts.Enqueue(at);
            while (starts.Count > MaxStartsKept || (starts.Count > 0 && at - starts.Peek() > StartMemory))
            {
                starts.Dequeue();
            }

            foreach (var rule in Watching(rules, target).Where(r => r.Kind == AlertKind.RestartLoop))
            {
                var count = StartsWithin(starts, rule, at);
                if (count >= rule.Threshold)
                {
                    Fire(rule, target, $"started {count} times within {rule.WindowMinutes} min", at, transitions);
                }
            }
        }

        return transitions;
    }

    /// <summary>A resource reading: CPU/memory rules fire once the value stayed above the threshold for the rule's window.</summary>
    public IReadOnlyList<AlertTransition> Observe(IReadOnlyList<AlertRule> rules, ResourceSample sample)
    {
        var transitions = new List<AlertTransition>();
        lock (_gate)
        {
            foreach (var rule in Watching(rules, sample.Target).Where(r => r.Kind is AlertKind.CpuAbove or AlertKind.MemoryAbove))
            {
                var (value, what) = rule.Kind == AlertKind.CpuAbove ? (sample.CpuPercent, "CPU") : (sample.MemoryPercent, "memory");
                var key = (rule.Id, sample.Target.Key);
                if (value > rule.Threshold)
                {
                    if (!_aboveSince.TryGetValue(key, out var since))
                    {
                        _aboveSince[key] = since = sample.At;
                    }

                    if (sample.At - since >= Window(rule))
                    {
                        Fire(rule, sample.Target, $"{what} {value:0.#}% above {rule.Threshold}% for {rule.WindowMinutes} min", sample.At, transitions);
                    }
                }
                else
                {
                    _aboveSince.Remove(key);
                    Recover(rule, sample.Target, $"{what} {value:0.#}%, back under {rule.Threshold}%", sample.At, transitions);
                }
            }
        }

        return transitions;
    }

    /// <summary>
    /// A line of the target's output matched log pattern rule <paramref name="rule"/>: it fires once the rule's window
    /// holds Threshold matches. Only the last Threshold match times are kept per rule and target, so a chatty container
    /// costs nothing more.
    /// </summary>
    public IReadOnlyList<AlertTransition> ObserveLogMatch(AlertRule rule, AlertTarget target, string line, DateTimeOffset at)
    {
        var transitions = new List<AlertTransition>();
        if (rule is not { Kind: AlertKind.LogPattern, Enabled: true } || !target.IsIn(rule.Scope))
        {
            return transitions;
        }

        lock (_gate)
        {
            var key = (rule.Id, target.Key);
            if (!_matches.TryGetValue(key, out var matches))
            {
                _matches[key] = matches = new Queue<DateTimeOffset>();
            }

            matches.Enqueue(at);
            var window = Window(rule);
            while (matches.Count > Math.Max(1, rule.Threshold) || (matches.Count > 0 && at - matches.Peek() > window))
            {
                matches.Dequeue();
            }

            if (matches.Count >= rule.Threshold)
            {
                var shown = line.Length <= MaxLineInMessage ? line : line[..MaxLineInMessage] + "…";
                Fire(rule, target, $"logged {rule.Threshold} line(s) matching \"{rule.Pattern}\" within {rule.WindowMinutes} min: {shown}", at, transitions);
            }
        }

        return transitions;
    }

    /// <summary>The matches of a log pattern rule for a target within its window at <paramref name="now"/>.</summary>
    public int MatchesWithin(AlertRule rule, AlertTarget target, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _matches.TryGetValue((rule.Id, target.Key), out var matches) ? matches.Count(m => now - m <= Window(rule)) : 0;
        }
    }

    /// <summary>
    /// Time passed: restart loops whose window now holds fewer starts than the threshold recover, and log patterns
    /// recover once a whole window passed without a match.
    /// </summary>
    public IReadOnlyList<AlertTransition> Tick(IReadOnlyList<AlertRule> rules, DateTimeOffset now)
    {
        var transitions = new List<AlertTransition>();
        lock (_gate)
        {
            foreach (var ((ruleId, key), target) in _firing.ToList())
            {
                var rule = rules.FirstOrDefault(r => r.Id == ruleId);
                if (rule is { Kind: AlertKind.LogPattern })
                {
                    var last = _matches.TryGetValue((ruleId, key), out var matches) && matches.Count > 0 ? matches.Last() : (DateTimeOffset?)null;
                    if (last is null || now - last.Value >= Window(rule))
                    {
                        _matches.Remove((ruleId, key));
                        Recover(rule, target, $"no line matched \"{rule.Pattern}\" for {rule.WindowMinutes} min", now, transitions);
                    }

                    continue;
                }

                if (rule is not { Kind: AlertKind.RestartLoop })
                {
                    continue;
                }

                var count = _starts.TryGetValue(key, out var starts) ? StartsWithin(starts, rule, now) : 0;
                if (count < rule.Threshold)
                {
                    Recover(rule, target, $"{count} starts within the last {rule.WindowMinutes} min", now, transitions);
                }
            }

            // Match times of targets that never fired (or a rule since deleted) are dropped once their window passed.
            foreach (var (key, matches) in _matches.ToList())
            {
                var rule = rules.FirstOrDefault(r => r.Id == key.RuleId);
                if (rule is null || (!_firing.ContainsKey(key) && matches.Count > 0 && now - matches.Last() > Window(rule)))
                {
                    _matches.Remove(key);
                }
            }
        }

        return transitions;
    }

    /// <summary>Marks a rule as firing for a target without a notice: what the history says still fired before a restart.</summary>
    public void Restore(int ruleId, AlertTarget target)
    {
        lock (_gate)
        {
            _firing.TryAdd((ruleId, target.Key), target);
        }
    }

    /// <summary>Drops what is known about a rule (edited or deleted): an edited rule starts afresh.</summary>
    public void Forget(int ruleId)
    {
        lock (_gate)
        {
            foreach (var key in _firing.Keys.Where(k => k.RuleId == ruleId).ToList())
            {
                _firing.Remove(key);
            }

            foreach (var key in _aboveSince.Keys.Where(k => k.RuleId == ruleId).ToList())
            {
                _aboveSince.Remove(key);
            }

            foreach (var key in _matches.Keys.Where(k => k.RuleId == ruleId).ToList())
            {
                _matches.Remove(key);
            }
        }
    }

    private static IEnumerable<AlertRule> Watching(IReadOnlyList<AlertRule> rules, AlertTarget target) =>
        rules.Where(r => r.Enabled && target.IsIn(r.Scope));

    private int StartsWithin(Queue<DateTimeOffset> starts, AlertRule rule, DateTimeOffset now) =>
        starts.Count(s => now - s <= Window(rule));

    private TimeSpan Window(AlertRule rule) => _minute * rule.WindowMinutes;

    private void Fire(AlertRule rule, AlertTarget target, string detail, DateTimeOffset at, List<AlertTransition> transitions)
    {
        if (_firing.TryAdd((rule.Id, target.Key), target))
        {
            transitions.Add(new AlertTransition(rule, target, Recovered: false, $"FIRING {rule.Name}: {target} {detail}", at));
        }
    }

    private void Recover(AlertRule rule, AlertTarget target, string detail, DateTimeOffset at, List<AlertTransition> transitions)
    {
        if (_firing.Remove((rule.Id, target.Key)))
        {
            transitions.Add(new AlertTransition(rule, target, Recovered: true, $"RECOVERED {rule.Name}: {target} {detail}", at));
        }
    }
}
