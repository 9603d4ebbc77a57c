using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// The dashboard's own account of what it did, per node (<c>journal:node:X</c>) and per service
/// (<c>journal:service:App.Server</c>): "pulling image", "container created", "start failed". Lifecycle steps write
/// here; viewers follow a journal like any other source. Each journal is a small ring buffer kept in memory.
/// </summary>
public sealed class JournalLog(IOptions<LogOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<LogSourceId, LogSourceWriter> _journals = new();

    /// <summary>Appends a System line to the node's journal and, when <paramref name="service"/> (<c>App.Server</c>) is given, to the service's.</summary>
    /// <exception cref="ArgumentException">The node or service name is not valid.</exception>
    public void Write(string node, string? service, string text, LogSeverity level = LogSeverity.Info)
    {
        ArgumentNullException.ThrowIfNull(text);
        var nodeJournal = LogSourceId.ForNodeJournal(node);
        LogSourceId? serviceJournal = null;
        if (service is not null)
        {
            serviceJournal = LogSourceId.TryParseServiceName(service, out var application, out var server)
                ? LogSourceId.ForServiceJournal(application, server)
                : throw new ArgumentException($"'{service}' is not a Tars service name (App.Server).", nameof(service));
        }

        // One line per entry: a newline in the text would let it pose as a second entry.
        var oneLine = text.ReplaceLineEndings(" ");
        For(nodeJournal).AppendSystem(service is null ? oneLine : $"{service}: {oneLine}", level);
        if (serviceJournal is not null)
        {
            For(serviceJournal).AppendSystem($"[{node}] {oneLine}", level);
        }
    }

    /// <summary>The lines of a journal so far, oldest first (empty when nothing was written).</summary>
    public IReadOnlyList<LogLine> Read(LogSourceId journal, int maxLines = int.MaxValue) =>
        _journals.TryGetValue(journal, out var writer) ? writer.Buffer.Snapshot(maxLines) : [];

    internal LogSourceWriter For(LogSourceId journal)
    {
        if (journal.Kind is not (LogSourceKind.NodeJournal or LogSourceKind.ServiceJournal))
        {
            throw new ArgumentException($"{journal} is not a journal.", nameof(journal));
        }

        return _journals.GetOrAdd(journal, id => new LogSourceWriter(new LogRingBuffer(id.ToString(), options.Value.JournalCapacity), keyedByTimestamp: false, clock));
    }
}
