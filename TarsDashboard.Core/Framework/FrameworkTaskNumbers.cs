using System.Globalization;
using System.Security.Cryptography;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// Numbers of the tasks the dashboard hands to tarsAdminRegistry. Their prefix differs from
/// <see cref="TaskNumbers.Prefix"/> on purpose: tarsAdminRegistry writes and runs their rows (publishes), and keeps
/// running them across a dashboard restart, so <see cref="InterruptedTaskRecovery"/> must leave them alone.
/// </summary>
public static class FrameworkTaskNumbers
{
    public const string Prefix = "tdashfw-";

    /// <summary>Prefix, UTC time and random digits: 34 characters (t_task.task_no is varchar(40)).</summary>
    public static string NewTaskNo(TimeProvider clock) =>
        Prefix + clock.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true);

    /// <summary>The task number and the item's index (t_task_item.item_no is varchar(40) too).</summary>
    public static string ItemNo(string taskNo, int index) => $"{taskNo}-{index.ToString(CultureInfo.InvariantCulture)}";

    public static bool IsDelegated(string taskNo) => taskNo.StartsWith(Prefix, StringComparison.Ordinal);
}
