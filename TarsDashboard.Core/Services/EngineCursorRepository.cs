using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Services;

/// <summary><c>tdash_engine_cursor</c>: the engine time (nanoseconds since the epoch) of the last handled event per node.</summary>
internal sealed class EngineCursorRepository(TarsDatabase database)
{
    public Task<long?> GetAsync(string nodeName, CancellationToken cancellationToken = default) =>
        database.QuerySingleOrDefaultAsync<long?>("SELECT time_nano FROM tdash_engine_cursor WHERE node_name = @nodeName", new { nodeName }, cancellationToken);

    /// <summary>Moves the node's cursor forward to <paramref name="timeNano"/>; never back.</summary>
    public async Task AdvanceAsync(string nodeName, long timeNano, CancellationToken cancellationToken = default)
    {
        var row = new { nodeName, timeNano };
        var update = $"UPDATE tdash_engine_cursor SET time_nano = @timeNano, updated_at = {database.Dialect.UtcNow()} " +
                     "WHERE node_name = @nodeName AND time_nano < @timeNano";
        if (await database.ExecuteAsync(update, row, cancellationToken) > 0)
        {
            return;
        }

        if (await database.ExecuteAsync(
                $"{database.Dialect.InsertIgnoreInto} tdash_engine_cursor (node_name, time_nano, updated_at) VALUES (@nodeName, @timeNano, {database.Dialect.UtcNow()})",
                row, cancellationToken) == 0)
        {
            // It existed: at or past this event already, or moved on by another writer between the two statements.
            await database.ExecuteAsync(update, row, cancellationToken);
        }
    }
}
