namespace TarsDashboard.Core.Data.Schema;

/// <summary>A table the dashboard creates when it is missing.</summary>
public sealed record TableDefinition(string Name, IReadOnlyList<ColumnDefinition> Columns, IReadOnlyList<IndexDefinition> Indexes)
{
    public ColumnDefinition Column(string name) => Columns.Single(c => c.Name == name);
}
