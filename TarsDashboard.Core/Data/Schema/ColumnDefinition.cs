namespace TarsDashboard.Core.Data.Schema;

/// <summary>
/// One column, described by its MySQL type exactly as db_tars declares it; the SQLite dialect maps it to a storage class.
/// </summary>
/// <param name="Definition">The MySQL type and modifiers after the name, e.g. <c>varchar(128) NOT NULL DEFAULT ''</c>.</param>
public sealed record ColumnDefinition(string Name, string Definition, bool IsAutoIncrementKey = false);
