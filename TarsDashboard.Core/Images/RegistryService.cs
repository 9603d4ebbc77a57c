using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Images;

/// <summary>
/// Registries (<c>t_docker_registry</c>): list, add, edit, delete, and test a login through a node's engine. Each
/// registry's password is stored as its admin chooses (<see cref="PasswordStorage"/>): in plain text, readable by tarsnode
/// and tarsregistry as the Tars web platform stores it, or encrypted by <see cref="SecretProtector"/> for the dashboard
/// alone. Passwords are never returned and never go into the audit log.
/// </summary>
public sealed class RegistryService
{
    private readonly DockerRegistryRepository registries;
    private readonly BaseImageRepository images;
    private readonly NodeRepository nodes;
    private readonly DockerClientPool clients;
    private readonly SecretProtector secrets;
    private readonly NodeInfoRepository nodeInfo;
    private readonly FrameworkLocator framework;
    private readonly Operations operations;
    private readonly AccessControl access;
    private readonly LiveEventBus bus;
    private readonly TimeProvider clock;

    internal RegistryService(
        DockerRegistryRepository registries,
        BaseImageRepository images,
        NodeRepository nodes,
        DockerClientPool clients,
        SecretProtector secrets,
        NodeInfoRepository nodeInfo,
        FrameworkLocator framework,
        Operations operations,
        AccessControl access,
        LiveEventBus bus,
        TimeProvider clock)
    {
        this.clock = clock;
        this.registries = registries;
        this.images = images;
        this.nodes = nodes;
        this.clients = clients;
        this.secrets = secrets;
        this.nodeInfo = nodeInfo;
        this.framework = framework;
        this.operations = operations;
        this.access = access;
        this.bus = bus;
    }

    public const int MaxUsernameLength = 64;
    public const int MaxRemarkLength = 255;

    /// <summary>How long an engine may take to answer a login (it contacts the registry).</summary>
    public static readonly TimeSpan LoginTimeout = TimeSpan.FromSeconds(30);

    public async Task<IReadOnlyList<RegistrySummary>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        var used = await UsageAsync(cancellationToken);
        return (await registries.ListAsync(cancellationToken)).Select(r => Summarize(r, used)).ToList();
    }

    public async Task<RegistrySummary?> GetAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        var row = await registries.GetAsync(id, cancellationToken);
        return row is null ? null : Summarize(row, await UsageAsync(cancellationToken));
    }

    /// <summary>
    /// The storage a new registry gets unless its admin chooses: plain text when a Tars framework works on this database
    /// (a <c>t_node_info</c> row has had a tarsnode heartbeat, or the framework's locator is known), since its tarsnode and
    /// tarsregistry must read the password; encrypted otherwise.
    /// </summary>
    public async Task<PasswordStorage> DefaultPasswordStorageAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, Permission.ViewShared, AccessTarget.Global, cancellationToken);
        return await DefaultStorageAsync(cancellationToken);
    }

    public Task<RegistrySummary> AddAsync(Caller caller, RegistryInput input, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageRegistries, AccessTarget.Global, "registry.add", input.Registry ?? "", async audit =>
        {
            var storage = input.PasswordStorage ?? await DefaultStorageAsync(cancellationToken);
            var errors = Validate(input, isNew: true, storage, out var address);
            var all = await registries.ListAsync(cancellationToken);
            if (address is not null && all.Any(r => RegistryAddress.TryNormalize(r.Registry) == address))
            {
                errors.Add(new FieldError(nameof(RegistryInput.Registry), "Registry.Address.Taken", "This registry is already saved.", address));
            }

            if (errors.Count > 0)
            {
                throw new ValidationFailedException(errors);
            }

            var now = UpdateTimes.Next(clock.GetUtcNow().UtcDateTime, null);
            var row = new DockerRegistryRow
            {
                Registry = address!,
                Username = input.Username?.Trim() ?? "",
                Password = await StoreAsync(input.Password ?? "", storage, cancellationToken),
                Remark = input.Remark?.Trim() ?? "",
                CreateTime = now,
                UpdateTime = now,
            };
            await registries.InsertAsync(row, cancellationToken);
            audit.After = AuditView(row);
            bus.Publish(new RegistriesChanged(row.Id, "added"));
            return Summarize(row, new Dictionary<int, int>());
        }, cancellationToken);

    /// <summary>
    /// Saves an edit made on the version read at <paramref name="expectedUpdateTime"/>. An empty password keeps the saved
    /// one; a <see cref="RegistryInput.PasswordStorage"/> other than the saved form stores it again in the new form (no
    /// need to type it again). Null storage keeps the saved form.
    /// </summary>
    public async Task<RegistrySummary> UpdateAsync(Caller caller, int id, RegistryInput input, DateTime? expectedUpdateTime,
        CancellationToken cancellationToken = default)
    {
        var target = (await registries.GetAsync(id, cancellationToken))?.Registry ?? $"registry #{id}";
        return await operations.RunAsync(caller, Permission.ManageRegistries, AccessTarget.Global, "registry.update", target, async audit =>
        {
            var existing = await registries.GetAsync(id, cancellationToken) ?? throw new ConcurrencyConflictException($"Registry {target}");
            var savedStorage = existing.Password.Length == 0 ? (PasswordStorage?)null : StorageOf(existing.Password);
            var storage = input.PasswordStorage ?? savedStorage ?? await DefaultStorageAsync(cancellationToken);
            var errors = Validate(input, isNew: false, storage, out var address);
            var usedBy = await images.CountUsingRegistryAsync(id, cancellationToken);
            var all = await registries.ListAsync(cancellationToken);
            if (address is not null && all.Any(r => r.Id != id && RegistryAddress.TryNormalize(r.Registry) == address))
            {
                errors.Add(new FieldError(nameof(RegistryInput.Registry), "Registry.Address.Taken", "This registry is already saved.", address));
            }
            else if (address is not null && usedBy > 0 && address != RegistryAddress.TryNormalize(existing.Registry))
            {
                // Its images name the old host; their credentials must not go to another one.
                errors.Add(new FieldError(nameof(RegistryInput.Registry), "Registry.Address.InUse",
                    $"{usedBy} image(s) use this registry, so its address cannot change.", usedBy));
            }

            var username = input.Username?.Trim() ?? "";
            string password;
            var replaced = !string.IsNullOrEmpty(input.Password);
            if (replaced || username.Length == 0)
            {
                password = username.Length == 0 ? "" : input.Password!;
            }
            else if (address is not null && address != RegistryAddress.TryNormalize(existing.Registry) && existing.Password.Length > 0)
            {
                password = "";
                errors.Add(SavedPasswordStaysWithItsHost());
            }
            else
            {
                password = await ReadPasswordAsync(existing, cancellationToken);
                if (storage == PasswordStorage.Encrypted && !SecretProtector.Fits(password))
                {
                    errors.Add(new FieldError(nameof(RegistryInput.Password), "Registry.Password.TooLong",
                        $"The saved password is longer than {SecretProtector.MaxSecretBytes} bytes, so it cannot be stored encrypted in the Tars column; enter a shorter one (an access token).",
                        SecretProtector.MaxSecretBytes));
                }
                else if (username.Length > 0 && password.Length == 0)
                {
                    errors.Add(new FieldError(nameof(RegistryInput.Password), "Validation.Required", "Enter the password for this user."));
                }
            }

            if (errors.Count > 0)
            {
                throw new ValidationFailedException(errors);
            }

            audit.Before = AuditView(existing);
            var row = new DockerRegistryRow
            {
                Id = id,
                Registry = address!,
                Username = username,
                // Kept as stored unless it is replaced or its storage changes (then the same password in the other form).
                Password = !replaced && username.Length > 0 && savedStorage == storage
                    ? existing.Password
                    : await StoreAsync(password, storage, cancellationToken),
                Remark = input.Remark?.Trim() ?? "",
                CreateTime = existing.CreateTime,
                UpdateTime = UpdateTimes.Next(clock.GetUtcNow().UtcDateTime, existing.UpdateTime),
            };
            if (!await registries.UpdateAsync(row, expectedUpdateTime, cancellationToken))
            {
                throw new ConcurrencyConflictException($"Registry {target}");
            }

            audit.After = AuditView(row);
            var switched = savedStorage is { } before && row.Password.Length > 0 && StorageOf(row.Password) != before
                ? $"password storage {Describe(before)} -> {Describe(storage)}"
                : null;
            audit.Detail = string.Join("; ", new[] { replaced ? "password replaced" : null, switched }.OfType<string>()) is { Length: > 0 } detail ? detail : null;
            bus.Publish(new RegistriesChanged(id, "updated"));
            return Summarize(row, new Dictionary<int, int> { [id] = usedBy });
        }, cancellationToken);
    }

    /// <summary>Deletes a registry; refused while an image uses it.</summary>
    public async Task DeleteAsync(Caller caller, int id, CancellationToken cancellationToken = default)
    {
        var existing = await registries.GetAsync(id, cancellationToken);
        await operations.RunAsync(caller, Permission.ManageRegistries, AccessTarget.Global, "registry.delete", existing?.Registry ?? $"registry #{id}", async audit =>
        {
            if (existing is null)
            {
                return;
            }

            audit.Before = AuditView(existing);
            if (await registries.DeleteIfUnusedAsync(id, cancellationToken) == 0)
            {
                var usedBy = await images.CountUsingRegistryAsync(id, cancellationToken);
                if (usedBy > 0)
                {
                    throw new ValidationFailedException(new FieldError(nameof(RegistryInput.Registry), "Registry.InUse",
                        $"{usedBy} image(s) use this registry; delete them or move them to another registry first.", usedBy));
                }

                return; // someone else deleted it meanwhile
            }

            bus.Publish(new RegistriesChanged(id, "deleted"));
        }, cancellationToken);
    }

    /// <summary>
    /// Asks <paramref name="nodeName"/>'s engine to log in (<c>POST /auth</c>), so the test runs from where pulls will run.
    /// An empty password with <paramref name="registryId"/> uses the saved one. Nothing is stored.
    /// </summary>
    public Task<RegistryLoginResult> TestLoginAsync(Caller caller, RegistryInput input, string nodeName, int? registryId = null,
        CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageRegistries, AccessTarget.Global, "registry.test-login", input.Registry ?? "", async audit =>
        {
            var errors = Validate(input, isNew: registryId is null, storage: null, out var address);
            var node = await nodes.GetAsync(nodeName ?? "", cancellationToken);
            if (node is null)
            {
                errors.Add(new FieldError("NodeName", "Node.Unknown", "Choose a node to test from.", nodeName ?? ""));
            }

            var password = input.Password ?? "";
            var saved = password.Length == 0 && registryId is { } id ? await registries.GetAsync(id, cancellationToken) : null;
            if (saved is not null && address is not null && RegistryAddress.TryNormalize(saved.Registry) != address)
            {
                errors.Add(SavedPasswordStaysWithItsHost());
            }

            if (errors.Count > 0)
            {
                throw new ValidationFailedException(errors);
            }

            if (saved is not null)
            {
                password = await ReadPasswordAsync(saved, cancellationToken);
            }

            var auth = new AuthConfig { ServerAddress = RegistryAddress.ServerAddress(address!), Username = input.Username?.Trim() ?? "", Password = password };
            RegistryLoginResult result;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(LoginTimeout);
            try
            {
                // The engine answers 200 only when the registry accepted the credentials.
                await clients.For(node!).System.AuthenticateAsync(auth, timeout.Token);
                result = new RegistryLoginResult(true, node!.NodeName, "Login Succeeded");
            }
            catch (DockerApiException exception)
            {
                result = new RegistryLoginResult(false, node!.NodeName, EngineError.MessageOf(exception));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = new RegistryLoginResult(false, node!.NodeName, EngineError.Describe(exception, LoginTimeout));
            }

            audit.After = new { address, username = auth.Username, node = node!.NodeName, result.Succeeded };
            audit.Detail = result.Message;
            return result;
        }, cancellationToken);

    /// <summary>
    /// The credentials to send when pulling <paramref name="reference"/> (X-Registry-Auth), or null to pull anonymously.
    /// Refused when the registry is gone, names another host (its password must not go there), or cannot be decrypted.
    /// </summary>
    /// <summary>The credentials of the registered registry at the image's host, or null when none is registered there.</summary>
    internal async Task<AuthConfig?> CredentialsForHostAsync(ImageReference reference, CancellationToken cancellationToken)
    {
        var row = (await registries.ListAsync(cancellationToken)).FirstOrDefault(r => RegistryAddress.TryNormalize(r.Registry) == reference.Registry);
        return row is null ? null : await CredentialsForAsync(row.Id, reference, cancellationToken);
    }

    internal async Task<AuthConfig?> CredentialsForAsync(int registryId, ImageReference reference, CancellationToken cancellationToken)
    {
        if (registryId <= 0)
        {
            return null;
        }

        var row = await registries.GetAsync(registryId, cancellationToken)
            ?? throw new ValidationFailedException(new FieldError(nameof(ImageInput.RegistryId), "Image.Registry.Unknown",
                "The image's registry no longer exists; choose another one.", registryId));
        var address = RegistryAddress.TryNormalize(row.Registry);
        if (address != reference.Registry)
        {
            throw new ValidationFailedException(new FieldError(nameof(ImageInput.RegistryId), "Image.Registry.Mismatch",
                $"The image is on {reference.Registry}, but its registry is {row.Registry}; its credentials are not sent elsewhere.",
                reference.Registry, row.Registry));
        }

        if (row.Username.Length == 0)
        {
            return null;
        }

        return new AuthConfig
        {
            ServerAddress = RegistryAddress.ServerAddress(address),
            Username = row.Username,
            Password = await ReadPasswordAsync(row, cancellationToken),
        };
    }

    // Otherwise anyone allowed to edit a registry could point it at their own host and receive the saved password.
    private static FieldError SavedPasswordStaysWithItsHost() => new(nameof(RegistryInput.Password), "Registry.Password.Reenter",
        "Enter the password again: a saved password is only sent to the address it was saved for.");

    private async Task<string> ReadPasswordAsync(DockerRegistryRow row, CancellationToken cancellationToken)
    {
        try
        {
            return await secrets.UnprotectAsync(row.Password, cancellationToken);
        }
        catch (CryptographicException exception)
        {
            throw new ValidationFailedException(new FieldError(nameof(RegistryInput.Password), "Registry.Password.Unreadable", exception.Message));
        }
    }

    /// <param name="storage">How the password will be stored; null when it is not stored (a login test).</param>
    private static List<FieldError> Validate(RegistryInput input, bool isNew, PasswordStorage? storage, out string? address)
    {
        var errors = new List<FieldError>();
        var typed = input.Registry?.Trim() ?? "";
        address = RegistryAddress.TryNormalize(typed);
        if (typed.Length == 0)
        {
            errors.Add(new FieldError(nameof(RegistryInput.Registry), "Validation.Required", "Enter the registry address, e.g. harbor.example.com or 10.0.0.5:5000."));
        }
        else if (address is null)
        {
            errors.Add(new FieldError(nameof(RegistryInput.Registry), "Registry.Address.Invalid",
                "Use host or host:port (letters, digits, '-', '.', a port 1-65535), without a path."));
        }

        var username = input.Username?.Trim() ?? "";
        if (username.Length > MaxUsernameLength)
        {
            errors.Add(new FieldError(nameof(RegistryInput.Username), "Validation.TooLong", $"At most {MaxUsernameLength} characters.", MaxUsernameLength));
        }
        else if (username.Any(char.IsControl))
        {
            errors.Add(new FieldError(nameof(RegistryInput.Username), "Registry.Username.Invalid", "The user name cannot hold control characters."));
        }

        var password = input.Password ?? "";
        if (password.Length > 0 && username.Length == 0)
        {
            errors.Add(new FieldError(nameof(RegistryInput.Username), "Registry.Username.Required", "Enter the user name the password belongs to."));
        }
        else if (isNew && username.Length > 0 && password.Length == 0)
        {
            errors.Add(new FieldError(nameof(RegistryInput.Password), "Validation.Required", "Enter the password for this user."));
        }

        if (storage == PasswordStorage.Encrypted && !SecretProtector.Fits(password))
        {
            errors.Add(new FieldError(nameof(RegistryInput.Password), "Registry.Password.TooLong",
                $"At most {SecretProtector.MaxSecretBytes} bytes: the encrypted password must fit the Tars column t_docker_registry.password (128 characters).",
                SecretProtector.MaxSecretBytes));
        }
        else if (storage != PasswordStorage.Encrypted && password.Length > SecretProtector.ColumnLength)
        {
            errors.Add(new FieldError(nameof(RegistryInput.Password), "Registry.Password.TooLongPlain",
                $"At most {SecretProtector.ColumnLength} characters: the width of the Tars column t_docker_registry.password.",
                SecretProtector.ColumnLength));
        }
        else if (storage == PasswordStorage.PlainText && SecretProtector.IsProtected(password))
        {
            // Stored as is, it would later be taken for an encrypted one.
            errors.Add(new FieldError(nameof(RegistryInput.Password), "Registry.Password.LooksEncrypted",
                $"A password stored in plain text cannot start with \"{SecretProtector.Prefix}\"; choose Encrypted for it.", SecretProtector.Prefix));
        }

        if ((input.Remark?.Trim().Length ?? 0) > MaxRemarkLength)
        {
            errors.Add(new FieldError(nameof(RegistryInput.Remark), "Validation.TooLong", $"At most {MaxRemarkLength} characters.", MaxRemarkLength));
        }

        return errors;
    }

    private async Task<IReadOnlyDictionary<int, int>> UsageAsync(CancellationToken cancellationToken) =>
        (await images.ListAsync(cancellationToken)).GroupBy(i => i.RegistryId).ToDictionary(g => g.Key, g => g.Count());

    private static RegistrySummary Summarize(DockerRegistryRow row, IReadOnlyDictionary<int, int> used) =>
        new(row.Id, row.Registry, row.Username, row.Password.Length > 0, SecretProtector.IsProtected(row.Password), row.Remark,
            row.CreateTime, row.UpdateTime, used.GetValueOrDefault(row.Id));

    // Never the password, not even masked: only what a reviewer needs (how it is stored, under a name the redactor keeps).
    private static object AuditView(DockerRegistryRow row) => new
    {
        row.Id, row.Registry, row.Username, row.Remark,
        StoredAs = row.Password.Length == 0 ? "none" : Describe(StorageOf(row.Password)),
    };

    private static PasswordStorage StorageOf(string stored) =>
        SecretProtector.IsProtected(stored) ? PasswordStorage.Encrypted : PasswordStorage.PlainText;

    private static string Describe(PasswordStorage storage) => storage == PasswordStorage.Encrypted ? "encrypted" : "plain text";

    private async Task<string> StoreAsync(string password, PasswordStorage storage, CancellationToken cancellationToken) =>
        storage == PasswordStorage.Encrypted ? await secrets.ProtectAsync(password, cancellationToken) : password;

    private async Task<PasswordStorage> DefaultStorageAsync(CancellationToken cancellationToken) =>
        await nodeInfo.AnyHeartbeatAsync(cancellationToken) || await framework.GetLocatorAsync(cancellationToken) is not null
            ? PasswordStorage.PlainText
            : PasswordStorage.Encrypted;
}
