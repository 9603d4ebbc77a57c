using TarsDashboard.Core.Security;

namespace TarsDashboard.Model;

/// <summary>
/// One line of the Users table. The table keys its rows by item, so a reload that kept handing it new objects would
/// rebuild every row, and a click landing during the rebuild would be lost; one row object per user avoids that.
/// </summary>
public sealed class UserRow(UserSummary user)
{
    public UserSummary User { get; private set; } = user;

    /// <summary>The rows for <paramref name="fresh"/>, reusing the row object of each user already shown.</summary>
    public static List<UserRow> Merge(IReadOnlyList<UserRow>? shown, IReadOnlyList<UserSummary> fresh)
    {
        var byName = shown?.ToDictionary(r => r.User.UserName, StringComparer.Ordinal) ?? [];
        return fresh.Select(user =>
        {
            if (byName.TryGetValue(user.UserName, out var row))
            {
                row.User = user;
                return row;
            }

            return new UserRow(user);
        }).ToList();
    }
}
