using TarsDashboard.Core.Data;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Core.Deploy.Setup;

/// <summary>
/// Whether the first-run wizard is due: marked pending when the first admin is created on an empty database, and done
/// once the wizard finishes or an admin dismisses it. An existing installation never sees it.
/// </summary>
public sealed class FirstRun
{
    private readonly SettingRepository settings;
    private readonly Operations operations;

    internal FirstRun(SettingRepository settings, Operations operations)
    {
        this.settings = settings;
        this.operations = operations;
    }

    public const string SettingName = "setup.state";
    public const string Pending = "pending";
    public const string Completed = "completed";

    public async Task<bool> IsPendingAsync(CancellationToken cancellationToken = default) =>
        await settings.GetAsync(SettingName, cancellationToken) == Pending;

    public Task MarkPendingAsync(CancellationToken cancellationToken = default) => settings.SetAsync(SettingName, Pending, cancellationToken);

    /// <summary>Finished or dismissed by an admin; audited like every change.</summary>
    public Task MarkCompletedAsync(Caller caller, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageUsers, AccessTarget.Global, "setup.complete", "first-run wizard",
            _ => settings.SetAsync(SettingName, Completed, cancellationToken), cancellationToken);
}
