using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Deploy.Setup;

/// <summary>
/// Whether the first-run wizard is due: marked pending when the first admin is created on an empty database, and done
/// once the wizard finishes or an admin dismisses it. An existing installation never sees it.
/// </summary>
public sealed class FirstRun(DashboardSettings settings)
{
    public const string SettingName = "setup.state";
    public const string Pending = "pending";
    public const string Completed = "completed";

    public async Task<bool> IsPendingAsync(CancellationToken cancellationToken = default) =>
        await settings.GetAsync(SettingName, cancellationToken) == Pending;

    public Task MarkPendingAsync(CancellationToken cancellationToken = default) => settings.SetAsync(SettingName, Pending, cancellationToken);

    public Task MarkCompletedAsync(CancellationToken cancellationToken = default) => settings.SetAsync(SettingName, Completed, cancellationToken);
}
