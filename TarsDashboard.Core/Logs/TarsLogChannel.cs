using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Tars;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Rpc;

namespace TarsDashboard.Core.Logs;

/// <summary>
/// A Tars node's log files as the Tars web platform reads them: through tarsAdminRegistry (found as every framework
/// call finds it, <see cref="AdminRegistryConnector"/>), which asks the node's tarsnode to list
/// <c>&lt;logpath&gt;/App/Server/</c> or to run a command on one file. Only <see cref="TarsLogCommand"/>s are sent, and
/// only names the log source rules accept. The admin registry found is remembered (a followed file is read every
/// second) and looked up again after a failed call, so a framework that moved or restarted is found.
/// </summary>
public sealed class TarsLogChannel(FrameworkLocator locator, AdminRegistryConnector connector, ILogger<TarsLogChannel> logger)
{
    private readonly Lock _gate = new();
    private AdminRegistryClient? _adminRegistry;

    /// <summary>Whether any framework is known: a registry locator, or tarsAdminRegistry's rows in db_tars (whether it answers is another matter).</summary>
    public async Task<bool> IsConfiguredAsync(CancellationToken cancellationToken = default) =>
        (await locator.GetEndpointsAsync(cancellationToken).ConfigureAwait(false)) is { } known
        && (known.Locator is not null || known.AdminRegistry.Count > 0);

    /// <summary><c>getLogFileList</c>: the <c>*.log</c> names tarsnode finds in <c>&lt;logpath&gt;/App/Server/</c> on the node.</summary>
    /// <exception cref="FrameworkNotConfiguredException">No registry locator is configured.</exception>
    /// <exception cref="TarsCallException">The framework did not answer (<see cref="FrameworkUnreachableException"/>: tarsAdminRegistry was not found).</exception>
    public async Task<LogFileListResult> ListFilesAsync(string node, string application, string server, CancellationToken cancellationToken = default)
    {
        _ = LogSourceId.ForTarsLog(node, application, server, "probe.log"); // validates the names
        return await CallAsync(admin => admin.GetLogFileListAsync(application, server, node, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary><c>getLogData</c> with one of our fixed commands over the file a Tars log source names.</summary>
    /// <exception cref="FrameworkNotConfiguredException">No registry locator is configured.</exception>
    /// <exception cref="TarsCallException">The framework did not answer (<see cref="FrameworkUnreachableException"/>: tarsAdminRegistry was not found).</exception>
    public async Task<LogDataResult> ReadAsync(LogSourceId source, TarsLogCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(command);
        if (source.Kind != LogSourceKind.TarsLog)
        {
            throw new ArgumentException($"{source} is not a Tars log source.", nameof(source));
        }

        return await CallAsync(admin => admin.GetLogDataAsync(source.Application, source.Server, source.Node, source.LogFile, command.Text,
            cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> CallAsync<T>(Func<AdminRegistryClient, Task<T>> call, CancellationToken cancellationToken)
    {
        var admin = await AdminRegistryAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await call(admin).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TarsCallException or Tars.Codec.TarsDecodeException)
        {
            // Looked up again next time: the admin registry may have moved, or be up again elsewhere.
            Forget(admin);
            logger.LogDebug(exception, "getLog* through {AdminRegistry} failed", admin.Target);
            throw;
        }
    }

    private async Task<AdminRegistryClient> AdminRegistryAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_adminRegistry is { } known)
            {
                return known;
            }
        }

        if (!await IsConfiguredAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new FrameworkNotConfiguredException("No Tars framework is configured (set Framework:Locator to its registry).");
        }

        var (client, _) = await connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _adminRegistry = client;
        }

        return client;
    }

    private void Forget(AdminRegistryClient client)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_adminRegistry, client))
            {
                _adminRegistry = null;
            }
        }
    }
}
