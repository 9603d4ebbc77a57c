using System.Globalization;
using Dapper;
using MySqlConnector;

namespace TarsDashboard.Core.Statistics;

/// <summary>
/// Reads tarsstat's and tarsproperty's hourly tables (MySQL only: the framework writes them there). Table names come
/// from <see cref="StatTableNames"/> and are kept to those that exist; every value is a parameter.
/// </summary>
internal sealed class TarsStatRepository
{
    private const int TimeoutSeconds = 15;

    /// <summary>Per slot and interface, the calls to <paramref name="service"/> (as callee, any of its servants) summed over callers.</summary>
    public async Task<IReadOnlyList<CallRow>> ReadCallsAsync(string connectionString, IReadOnlyList<string> tables, string service,
        DateOnly fromDate, DateOnly toDate, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        var rows = new List<CallRow>();
        foreach (var table in await ExistingAsync(connection, tables, cancellationToken).ConfigureAwait(false))
        {
            var sql = "SELECT f_date AS Date, f_tflag AS Flag, interface_name AS Interface, CAST(COALESCE(SUM(succ_count), 0) AS SIGNED) AS Succeeded, "
                + "CAST(COALESCE(SUM(timeout_count), 0) AS SIGNED) AS TimedOut, CAST(COALESCE(SUM(exce_count), 0) AS SIGNED) AS Failed, "
                + "CAST(COALESCE(SUM(total_time), 0) AS SIGNED) AS TotalTime "
                + $"FROM `{table}` WHERE (slave_name = @service OR slave_name LIKE @servants) AND f_date BETWEEN @fromDate AND @toDate "
                + "GROUP BY f_date, f_tflag, interface_name";
            rows.AddRange(await connection.QueryAsync<CallRow>(new CommandDefinition(sql,
                new { service, servants = Like(service) + ".%", fromDate = fromDate.ToDateTime(TimeOnly.MinValue), toDate = toDate.ToDateTime(TimeOnly.MinValue) },
                commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken)).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>Per slot and callee host (<c>slave_ip</c>), the calls to <paramref name="service"/> summed over callers and interfaces.</summary>
    public async Task<IReadOnlyList<HostCallRow>> ReadCallsByHostAsync(string connectionString, IReadOnlyList<string> tables, string service,
        DateOnly fromDate, DateOnly toDate, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        var rows = new List<HostCallRow>();
        foreach (var table in await ExistingAsync(connection, tables, cancellationToken).ConfigureAwait(false))
        {
            var sql = "SELECT f_date AS Date, f_tflag AS Flag, slave_ip AS Host, CAST(COALESCE(SUM(succ_count), 0) AS SIGNED) AS Succeeded, "
                + "CAST(COALESCE(SUM(timeout_count), 0) AS SIGNED) AS TimedOut, CAST(COALESCE(SUM(exce_count), 0) AS SIGNED) AS Failed "
                + $"FROM `{table}` WHERE (slave_name = @service OR slave_name LIKE @servants) AND f_date BETWEEN @fromDate AND @toDate "
                + "GROUP BY f_date, f_tflag, slave_ip";
            rows.AddRange(await connection.QueryAsync<HostCallRow>(new CommandDefinition(sql,
                new { service, servants = Like(service) + ".%", fromDate = fromDate.ToDateTime(TimeOnly.MinValue), toDate = toDate.ToDateTime(TimeOnly.MinValue) },
                commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken)).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>The property rows <paramref name="service"/> reported, as written (aggregation is the caller's).</summary>
    public async Task<IReadOnlyList<PropertyRow>> ReadPropertiesAsync(string connectionString, IReadOnlyList<string> tables, string service,
        DateOnly fromDate, DateOnly toDate, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(connectionString);
        var rows = new List<PropertyRow>();
        foreach (var table in await ExistingAsync(connection, tables, cancellationToken).ConfigureAwait(false))
        {
            var sql = "SELECT f_date AS Date, f_tflag AS Flag, property_name AS Property, policy AS Policy, value AS Value "
                + $"FROM `{table}` WHERE master_name = @service AND f_date BETWEEN @fromDate AND @toDate";
            rows.AddRange(await connection.QueryAsync<PropertyRow>(new CommandDefinition(sql,
                new { service, fromDate = fromDate.ToDateTime(TimeOnly.MinValue), toDate = toDate.ToDateTime(TimeOnly.MinValue) },
                commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken)).ConfigureAwait(false));
        }

        return rows;
    }

    // Hours without traffic have no table; asking for them would be an error, not an empty answer.
    private static async Task<IReadOnlyList<string>> ExistingAsync(MySqlConnection connection, IReadOnlyList<string> tables, CancellationToken cancellationToken)
    {
        if (tables.Count == 0)
        {
            return [];
        }

        var existing = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN @tables",
            new { tables }, commandTimeout: TimeoutSeconds, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. tables.Where(existing.Contains)];
    }

    private static string Like(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    internal sealed record CallRow(DateTime Date, string Flag, string Interface, long Succeeded, long TimedOut, long Failed, long TotalTime);

    internal sealed record HostCallRow(DateTime Date, string Flag, string Host, long Succeeded, long TimedOut, long Failed);

    internal sealed record PropertyRow(DateTime Date, string Flag, string? Property, string? Policy, string? Value)
    {
        public bool TryValue(out double value) =>
            double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
