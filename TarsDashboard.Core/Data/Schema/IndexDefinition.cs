namespace TarsDashboard.Core.Data.Schema;

/// <summary>A (unique) index over one or more columns.</summary>
public sealed record IndexDefinition(string Name, bool Unique, params string[] Columns);
