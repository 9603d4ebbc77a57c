using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Rpc;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Framework;

/// <summary>
/// Finds tarsAdminRegistry as the Tars web platform does: the registry's locator answers
/// <c>findObjectById("tars.tarsAdminRegistry.AdminRegObj")</c>; when it cannot be asked or lists nothing, the
/// AdminRegObj rows of <c>t_adapter_conf</c> are used. Calls made through it turn "no answer" into
/// <see cref="FrameworkUnreachableException"/> with every reason found on the way.
/// </summary>
public sealed class AdminRegistryConnector(FrameworkLocator locator, TarsClientFactory clients,
    ILogger<AdminRegistryConnector> logger)
{
    /// <summary>A client on tarsAdminRegistry, and what went wrong before it was found (for the message if it fails too).</summary>
    public async Task<(AdminRegistryClient Client, IReadOnlyList<string> Problems)> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        var locatorText = await locator.GetLocatorAsync(cancellationToken);
        if (locatorText is not null)
        {
            if (!TarsObjectRef.TryParse(locatorText, out var reference, out var error))
            {
                problems.Add($"the registry locator '{locatorText}' cannot be used: {error}");
            }
            else
            {
                try
                {
                    return (await clients.FindAdminRegistryAsync(reference, cancellationToken: cancellationToken), problems);
                }
                catch (Exception exception) when (exception is TarsCallException or TarsDecodeException)
                {
                    problems.Add($"the registry did not locate {AdminRegistryClient.Servant}: {exception.Message}");
                }
            }
        }

        // The locator could not be asked: read db_tars afresh (its cached reading may predate the framework's rows).
        locator.Invalidate();
        var known = await locator.GetEndpointsAsync(cancellationToken);
        if (known.Problem is not null)
        {
            problems.Add($"db_tars could not be read for {AdminRegistryClient.Servant}: {known.Problem}");
        }

        var endpoints = known.AdminRegistry;

        if (endpoints.Count > 0)
        {
            logger.LogDebug("Using {Servant} from t_adapter_conf ({Problems})", AdminRegistryClient.Servant, string.Join("; ", problems));
            return (clients.AdminRegistry(new TarsObjectRef(AdminRegistryClient.Servant, endpoints)), problems);
        }

        if (locatorText is null && problems.Count == 0)
        {
            problems.Add("no framework is known: set Framework:Locator to the registry (tars.tarsregistry.QueryObj@tcp -h <host> -p 17890), " +
                         $"or register {AdminRegistryClient.Servant} in t_adapter_conf");
        }
        else if (!problems.Any(p => p.StartsWith("db_tars", StringComparison.Ordinal)))
        {
            problems.Add($"t_adapter_conf lists no endpoint of {AdminRegistryClient.Servant}");
        }

        throw new FrameworkUnreachableException(string.Join("; ", problems));
    }

    /// <summary>
    /// Finds tarsAdminRegistry and makes one call on it. No answer becomes <see cref="FrameworkUnreachableException"/>;
    /// an error reply (iRet ≠ 0, e.g. no such function in an older framework) becomes a refusal.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<AdminRegistryClient, Task<T>> call, CancellationToken cancellationToken = default)
    {
        var (client, problems) = await ConnectAsync(cancellationToken);
        try
        {
            return await call(client);
        }
        catch (TarsFrameworkException exception)
        {
            throw new ValidationFailedException(new FieldError("Framework", "Framework.CallFailed",
                $"tarsAdminRegistry refused {exception.Function}: {exception.Message}", exception.Function, exception.Message));
        }
        catch (TarsCallException exception)
        {
            var reason = string.Join("; ", problems.Append($"{client.Target} did not answer {exception.Function}: {exception.Message}"));
            throw new FrameworkUnreachableException(reason, requestMayHaveRun: exception is not TarsUnreachableException, exception);
        }
        catch (TarsDecodeException exception)
        {
            // A reply we cannot read (another framework version, a wrong peer): the call may have been carried out.
            throw new FrameworkUnreachableException($"{client.Target} sent a reply that is not what the IDL says: {exception.Message}",
                requestMayHaveRun: true, exception);
        }
    }

    /// <summary>Finds tarsAdminRegistry and asks its version: a cheap, side-effect-free "does it answer".</summary>
    public async Task<FrameworkReachability> CheckAsync(CancellationToken cancellationToken = default)
    {
        string? target = null;
        try
        {
            var version = await CallAsync(async client =>
            {
                target = client.Target.ToString();
                return await client.GetVersionAsync(cancellationToken);
            }, cancellationToken);
            return new FrameworkReachability(true, target, version.Version, null);
        }
        catch (FrameworkUnreachableException exception)
        {
            return new FrameworkReachability(false, target, null, exception.Reason);
        }
        catch (ValidationFailedException exception)
        {
            return new FrameworkReachability(false, target, null, exception.Message);
        }
    }
}
