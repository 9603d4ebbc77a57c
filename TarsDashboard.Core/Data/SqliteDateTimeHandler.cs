using System.Data;
using System.Globalization;
using Dapper;

namespace TarsDashboard.Core.Data;

/// <summary>SQLite stores datetimes as text; parse them back the way MySQL would hand them over.</summary>
internal sealed class SqliteDateTimeHandler : SqlMapper.TypeHandler<DateTime>
{
    public override DateTime Parse(object value) => ParseValue(value);

    public override void SetValue(IDbDataParameter parameter, DateTime value) => parameter.Value = value;

    internal static DateTime ParseValue(object value) => value switch
    {
        DateTime dateTime => dateTime,
        string text => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => Convert.ToDateTime(value, CultureInfo.InvariantCulture),
    };
}
