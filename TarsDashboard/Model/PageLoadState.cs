using TarsDashboard.Core.Security;

namespace TarsDashboard.Model;

/// <summary>
/// What a list page knows about its own loading: whether the caller may see it (null until checked) and why the last
/// access check or load failed, which shows the failure alert with its Retry.
/// </summary>
public sealed class PageLoadState
{
    /// <summary>The caller may see the page; null until the check ran (or while it cannot run).</summary>
    public bool? Allowed { get; set; }

    /// <summary>Why the last check or load failed (an outage, an unreachable node, a bug), or null.</summary>
    public Failure? Failure { get; private set; }

    /// <summary>The last check or load failed; the page shows <see cref="Failure"/> with a Retry.</summary>
    public bool LoadFailed => Failure is not null;

    /// <summary>Records a failed load the page ran itself (a table that pages on the server); the caller logs it.</summary>
    public void Fail(Exception exception) => Failure = ErrorPolicy.Classify(exception);

    /// <summary>The last load answered: the failure alert goes.</summary>
    public void Recover() => Failure = null;

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
            Fail(exception);
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
            Recover();
        }
        catch (AccessDeniedException) when (onDenied is not null)
        {
            // The page shows the refusal itself; a refusal is not a failure to log.
            onDenied();
        }
        catch (Exception exception)
        {
            logFailure(exception);
            Fail(exception);
        }
    }
}
