using System.Data;
using Dapper;

namespace TarsDashboard.Core.Data;

/// <summary>The nullable twin of <see cref="SqliteDateTimeHandler"/>.</summary>
internal sealed class SqliteNullableDateTimeHandler : SqlMapper.TypeHandler<DateTime?>
{
    public override DateTime? Parse(object value) =>
        value is null or DBNull ? null : SqliteDateTimeHandler.ParseValue(value);

    public override void SetValue(IDbDataParameter parameter, DateTime? value) =>
        parameter.Value = value.HasValue ? value.Value : DBNull.Value;
}
