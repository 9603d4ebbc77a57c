using System.Globalization;
using System.Security.Cryptography;

namespace TarsDashboard.Core.Services;

/// <summary>Task and item numbers of tasks the dashboard runs; the prefix tells them from the Tars web platform's.</summary>
public static class TaskNumbers
{
    public const string Prefix = "tdash-";

    /// <summary>A new task number: prefix, UTC time, and random digits (t_task.task_no is varchar(40)).</summary>
    public static string NewTaskNo(TimeProvider clock) =>
        Prefix + clock.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true);

    public static string ItemNo(string taskNo, int index) => $"{taskNo}-{index.ToString(CultureInfo.InvariantCulture)}";
}
