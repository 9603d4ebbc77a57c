using TarsDashboard.Core.Security;

namespace TarsDashboard.Model;

/// <summary>
/// What a list page knows about its own loading: whether the caller may see it (null until checked) and whether the
/// last access check or load failed, which shows the "not reachable" alert with its Retry.
/// </summary>
public sealed class PageLoadState
{
    /// <summary>The caller may see the page; null until the check ran (or while it cannot run).</summary>
    public bool? Allowed { get; set; }

    /// <summary>The database did not answer the last check or load.</summary>
    public bool LoadFailed { get; set; }

    /// <summary>Runs the page's access check; true when the caller may see the page and its data should load.</summary>
    public async Task<bool> CheckAccessAsync(Func<Task<bool>> check, Action<Exception> logFailure)
    {
        try
        {
            Allowed = await check();
        }
        catch (Exception exception)
        {
            logFailure(exception);
            LoadFailed = true;
            return false;
        }

        return Allowed == true;
    }

    /// <summary>
    /// Runs one load. Core checks access on every read: with <paramref name="onDenied"/> a refusal is the page's to
    /// show (a grant taken away while it is open); without, it counts as a failed load like any other error.
    /// </summary>
    public async Task LoadAsync(Func<Task> load, Action<Exception> logFailure, Action? onDenied = null)
    {
        try
        {
            await load();
            LoadFailed = false;
        }
        catch (AccessDeniedException) when (onDenied is not null)
        {
            onDenied();
        }
        catch (Exception exception)
        {
            logFailure(exception);
            LoadFailed = true;
        }
    }
}
