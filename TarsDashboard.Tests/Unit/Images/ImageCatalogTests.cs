using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Images;

/// <summary>Registries and images as rows: validation, refusals, concurrency, and passwords that never come back out.</summary>
public sealed class ImageCatalogTests
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task A_registry_used_by_an_image_and_an_image_used_by_a_service_cannot_be_deleted()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var registries = host.Get<RegistryService>();
        var images = host.Get<ImageService>();
        var registry = await registries.AddAsync(Admin, new RegistryInput { Registry = "harbor.example.com", Username = "tars", Password = "pw-123456" });
        var image = await images.AddAsync(Admin, new ImageInput { Image = "harbor.example.com/tars/cppbase:3.0" });
        var serviceId = await host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "node1", RunType = "container", BaseImageId = image.Id,
        });

        var registryInUse = await Assert.ThrowsAsync<ValidationFailedException>(() => registries.DeleteAsync(Admin, registry.Id));
        var imageInUse = await Assert.ThrowsAsync<ValidationFailedException>(() => images.DeleteAsync(Admin, image.Id));

        Assert.Equal("Registry.InUse", registryInUse.Errors.Single().Code);
        Assert.Equal("Image.InUse", imageInUse.Errors.Single().Code);
        Assert.Equal(1, (await images.GetAsync(Admin, image.Id))!.ServiceCount);
        Assert.Equal(1, (await registries.GetAsync(Admin, registry.Id))!.ImageCount);

        await host.Get<ServerConfRepository>().DeleteAsync(serviceId);
        await images.DeleteAsync(Admin, image.Id);
        await registries.DeleteAsync(Admin, registry.Id);
        Assert.Empty(await images.ListAsync(Admin));
        Assert.Empty(await registries.ListAsync(Admin));
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery(Result: AuditResult.Refused));
        Assert.Equal(["image.delete", "registry.delete"], audit.Select(a => a.Action).Order());
    }

    [Fact]
    public async Task The_registry_is_inferred_from_the_image_host_and_a_chosen_one_must_match_it()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var registries = host.Get<RegistryService>();
        var images = host.Get<ImageService>();
        var harbor = await registries.AddAsync(Admin, new RegistryInput { Registry = "https://Harbor.Example.com/", Username = "tars", Password = "pw" });
        var other = await registries.AddAsync(Admin, new RegistryInput { Registry = "10.0.0.5:5000" });

        var inferred = await images.AddAsync(Admin, new ImageInput { Image = "harbor.example.com/tars/cppbase" });
        var hub = await images.AddAsync(Admin, new ImageInput { Image = "tarscloud/tars.cppbase:3.0" });
        var mismatch = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            images.AddAsync(Admin, new ImageInput { Image = "harbor.example.com/tars/javabase", RegistryId = other.Id }));
        var unknown = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            images.AddAsync(Admin, new ImageInput { Image = "harbor.example.com/tars/javabase", RegistryId = 999 }));
        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => images.AddAsync(Admin, new ImageInput { Image = "Tars/Base" }));
        var duplicate = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            images.AddAsync(Admin, new ImageInput { Image = "harbor.example.com/tars/cppbase:latest" }));

        Assert.Equal("harbor.example.com", harbor.Registry);
        Assert.Equal((harbor.Id, "harbor.example.com/tars/cppbase:latest"), (inferred.RegistryId, inferred.Image));
        Assert.Equal(0, hub.RegistryId);
        Assert.Equal("Image.Registry.Mismatch", mismatch.For("RegistryId")?.Code);
        Assert.Equal("Image.Registry.Unknown", unknown.For("RegistryId")?.Code);
        Assert.Equal("Image.Reference.Invalid", invalid.For("Image")?.Code);
        Assert.Equal("Image.Reference.Taken", duplicate.For("Image")?.Code);
        Assert.Equal(2, (await images.ListAsync(Admin)).Count);
    }

    [Theory]
    [InlineData("", "u", "p", "Registry", "Validation.Required")]
    [InlineData("harbor.example.com/team", "u", "p", "Registry", "Registry.Address.Invalid")]
    [InlineData("harbor.example.com", "u", "", "Password", "Validation.Required")]
    [InlineData("harbor.example.com", "", "p", "Username", "Registry.Username.Required")]
    [InlineData("harbor.example.com", "u", "0123456789012345678901234567890123456789012345678901234567890123", "Password", "Registry.Password.TooLong")]
    public async Task Bad_registry_input_is_refused_next_to_its_field_and_nothing_is_stored(
        string address, string username, string password, string field, string code)
    {
        await using var host = await CoreHost.CreateSqliteAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            host.Get<RegistryService>().AddAsync(Admin, new RegistryInput { Registry = address, Username = username, Password = password }));

        Assert.Equal(code, error.For(field)?.Code);
        Assert.Empty(await host.Get<DockerRegistryRepository>().ListAsync());
    }

    [Fact]
    public async Task A_username_longer_than_the_tars_column_is_refused()
    {
        await using var host = await CoreHost.CreateSqliteAsync();

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => host.Get<RegistryService>()
            .AddAsync(Admin, new RegistryInput { Registry = "r.io", Username = new string('u', 65), Password = "p" }));

        Assert.Equal("Validation.TooLong", error.For("Username")?.Code);
    }

    [Fact]
    public async Task Passwords_are_encrypted_in_the_row_never_listed_and_never_audited()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var registries = host.Get<RegistryService>();

        var added = await registries.AddAsync(Admin, new RegistryInput { Registry = "r.io", Username = "tars", Password = "Pa55-word-xyz" });
        await registries.UpdateAsync(Admin, added.Id, new RegistryInput { Registry = "r.io", Username = "tars", Password = "N3w-pass-abc" }, added.UpdateTime);

        var row = (await host.Get<DockerRegistryRepository>().GetAsync(added.Id))!;
        Assert.StartsWith(SecretProtector.Prefix, row.Password);
        Assert.Equal("N3w-pass-abc", await host.Get<SecretProtector>().UnprotectAsync(row.Password));
        var listed = Assert.Single(await registries.ListAsync(Admin));
        Assert.True(listed.HasPassword && listed.PasswordEncrypted);
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery());
        Assert.Contains(audit, a => a.Action == "registry.update" && a.Detail == "password replaced");
        Assert.All(audit, a => Assert.DoesNotContain("pass-", $"{a.BeforeJson} {a.AfterJson} {a.Detail}"));
    }

    [Fact]
    public async Task A_plaintext_password_written_by_tars_web_works_stays_readable_on_a_save_and_is_encrypted_when_chosen()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var legacy = new DockerRegistryRow { Registry = "https://harbor.example.com", Username = "tars", Password = "plain-from-tars", CreateTime = DateTime.Now, UpdateTime = DateTime.Now };
        await host.Get<DockerRegistryRepository>().InsertAsync(legacy);
        var registries = host.Get<RegistryService>();
        var image = await host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = "harbor.example.com/tars/base:1" });

        var credentials = await registries.CredentialsForAsync(image.RegistryId, ImageReference.Parse(image.Image), CancellationToken.None);
        Assert.Equal((legacy.Id, "tars", "plain-from-tars", "harbor.example.com"),
            (image.RegistryId, credentials!.Username, credentials.Password, credentials.ServerAddress));
        var listed = Assert.Single(await registries.ListAsync(Admin));
        Assert.True(listed.HasPassword);
        Assert.Equal((false, PasswordStorage.PlainText), (listed.PasswordEncrypted, listed.Storage));
        Assert.Equal(PasswordStorage.PlainText, RegistryInput.From(listed).PasswordStorage);

        // A save that does not choose keeps what Tars reads.
        var kept = await registries.UpdateAsync(Admin, legacy.Id, new RegistryInput { Registry = listed.Registry, Username = "tars", Remark = "moved" }, listed.UpdateTime);
        var saved = (await host.Get<DockerRegistryRepository>().GetAsync(legacy.Id))!;
        Assert.Equal(("plain-from-tars", "harbor.example.com", "moved"), (saved.Password, saved.Registry, saved.Remark));

        await registries.UpdateAsync(Admin, legacy.Id,
            new RegistryInput { Registry = listed.Registry, Username = "tars", Remark = "moved", PasswordStorage = PasswordStorage.Encrypted }, kept.UpdateTime);
        saved = (await host.Get<DockerRegistryRepository>().GetAsync(legacy.Id))!;
        Assert.StartsWith(SecretProtector.Prefix, saved.Password);
        Assert.Equal("plain-from-tars", await host.Get<SecretProtector>().UnprotectAsync(saved.Password));
    }

    [Fact]
    public async Task The_default_storage_is_plain_text_when_a_framework_works_on_the_database_and_encrypted_otherwise()
    {
        await using var alone = await CoreHost.CreateSqliteAsync();
        Assert.Equal(PasswordStorage.Encrypted, await alone.Get<RegistryService>().DefaultPasswordStorageAsync(Admin));
        var added = await alone.Get<RegistryService>().AddAsync(Admin, new RegistryInput { Registry = "a.io", Username = "u", Password = "pw-a" });
        Assert.Equal(PasswordStorage.Encrypted, added.Storage);

        // A tarsnode once sent a heartbeat for some node.
        await alone.Get<TarsDatabase>().ExecuteAsync(
            "INSERT INTO t_node_info (node_name, node_obj, endpoint_ip, endpoint_port, data_dir, setting_state, present_state, last_heartbeat) " +
            "VALUES ('10.0.0.9', 'tars.tarsnode.NodeObj@tcp -h 10.0.0.9 -p 19385', '10.0.0.9', 19385, '', 'active', 'active', @now)", new { now = DateTime.UtcNow });
        Assert.Equal(PasswordStorage.PlainText, await alone.Get<RegistryService>().DefaultPasswordStorageAsync(Admin));
        var next = await alone.Get<RegistryService>().AddAsync(Admin, new RegistryInput { Registry = "b.io", Username = "u", Password = "pw-b" });
        Assert.Equal("pw-b", (await alone.Get<DockerRegistryRepository>().GetAsync(next.Id))!.Password);

        // The framework's locator is known.
        await using var located = await CoreHost.CreateSqliteAsync(new Dictionary<string, string?> { ["Framework:Locator"] = "tars.tarsregistry.QueryObj@tcp -h 10.0.0.5 -p 17890" });
        Assert.Equal(PasswordStorage.PlainText, await located.Get<RegistryService>().DefaultPasswordStorageAsync(Admin));
    }

    [Fact]
    public async Task Switching_the_storage_stores_the_saved_password_in_the_other_form_and_is_audited_without_it()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var registries = host.Get<RegistryService>();
        var rows = host.Get<DockerRegistryRepository>();
        var plain = await registries.AddAsync(Admin,
            new RegistryInput { Registry = "r.io", Username = "tars", Password = "S3cret-pw", PasswordStorage = PasswordStorage.PlainText });
        Assert.Equal("S3cret-pw", (await rows.GetAsync(plain.Id))!.Password);

        var encrypted = await registries.UpdateAsync(Admin, plain.Id,
            new RegistryInput { Registry = "r.io", Username = "tars", PasswordStorage = PasswordStorage.Encrypted }, plain.UpdateTime);
        var row = (await rows.GetAsync(plain.Id))!;
        Assert.StartsWith(SecretProtector.Prefix, row.Password);
        Assert.Equal("S3cret-pw", await host.Get<SecretProtector>().UnprotectAsync(row.Password));
        Assert.Equal(PasswordStorage.Encrypted, encrypted.Storage);

        var back = await registries.UpdateAsync(Admin, plain.Id,
            new RegistryInput { Registry = "r.io", Username = "tars", PasswordStorage = PasswordStorage.PlainText }, encrypted.UpdateTime);
        Assert.Equal("S3cret-pw", (await rows.GetAsync(plain.Id))!.Password);
        Assert.Equal(PasswordStorage.PlainText, back.Storage);

        var (audit, _) = await host.Get<AuditLog>().QueryAsync(TarsDashboard.Core.Security.Caller.System, new AuditQuery());
        Assert.Contains(audit, a => a.Action == "registry.update" && a.Detail == "password storage plain text -> encrypted");
        Assert.Contains(audit, a => a.Action == "registry.update" && a.Detail == "password storage encrypted -> plain text");
        Assert.Contains(audit, a => a.Action == "registry.update" && a.AfterJson!.Contains("\"storedAs\":\"plain text\"", StringComparison.Ordinal));
        Assert.All(audit, a => Assert.DoesNotContain("S3cret", $"{a.BeforeJson} {a.AfterJson} {a.Detail}"));
        Assert.DoesNotContain("S3cret", System.Text.Json.JsonSerializer.Serialize(await registries.ListAsync(Admin)));
    }

    [Fact]
    public async Task Plain_text_passwords_may_fill_the_tars_column_but_not_look_encrypted()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var registries = host.Get<RegistryService>();
        var long64 = new string('p', 100);

        var saved = await registries.AddAsync(Admin, new RegistryInput { Registry = "r.io", Username = "u", Password = long64, PasswordStorage = PasswordStorage.PlainText });
        Assert.Equal(long64, (await host.Get<DockerRegistryRepository>().GetAsync(saved.Id))!.Password);

        var tooLong = await Assert.ThrowsAsync<ValidationFailedException>(() => registries.AddAsync(Admin,
            new RegistryInput { Registry = "s.io", Username = "u", Password = new string('p', 129), PasswordStorage = PasswordStorage.PlainText }));
        Assert.Equal("Registry.Password.TooLongPlain", tooLong.For("Password")?.Code);
        var looksEncrypted = await Assert.ThrowsAsync<ValidationFailedException>(() => registries.AddAsync(Admin,
            new RegistryInput { Registry = "s.io", Username = "u", Password = SecretProtector.Prefix + "abc", PasswordStorage = PasswordStorage.PlainText }));
        Assert.Equal("Registry.Password.LooksEncrypted", looksEncrypted.For("Password")?.Code);

        // A saved plain password too long to encrypt asks for a shorter one when Encrypted is chosen.
        var switching = await Assert.ThrowsAsync<ValidationFailedException>(() => registries.UpdateAsync(Admin, saved.Id,
            new RegistryInput { Registry = "r.io", Username = "u", PasswordStorage = PasswordStorage.Encrypted }, saved.UpdateTime));
        Assert.Equal("Registry.Password.TooLong", switching.For("Password")?.Code);
        Assert.Equal(long64, (await host.Get<DockerRegistryRepository>().GetAsync(saved.Id))!.Password);
    }

    [Fact]
    public async Task An_edit_based_on_an_old_version_is_refused_even_within_the_same_second()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var registries = host.Get<RegistryService>();
        var images = host.Get<ImageService>();
        var registry = await registries.AddAsync(Admin, new RegistryInput { Registry = "r.io" });
        var image = await images.AddAsync(Admin, new ImageInput { Image = "r.io/app:1" });

        await registries.UpdateAsync(Admin, registry.Id, new RegistryInput { Registry = "r.io", Remark = "alice" }, registry.UpdateTime);
        await images.UpdateAsync(Admin, image.Id, new ImageInput { Image = "r.io/app:1", Remark = "alice" }, image.UpdateTime);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            registries.UpdateAsync(Admin, registry.Id, new RegistryInput { Registry = "r.io", Remark = "bob" }, registry.UpdateTime));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            images.UpdateAsync(Admin, image.Id, new ImageInput { Image = "r.io/app:1", Remark = "bob" }, image.UpdateTime));
        Assert.Equal("alice", (await registries.GetAsync(Admin, registry.Id))!.Remark);
        Assert.Equal("alice", (await images.GetAsync(Admin, image.Id))!.Remark);
    }

    [Fact]
    public async Task Changing_an_image_reference_forgets_its_last_sync_and_a_used_registry_keeps_its_address()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var registries = host.Get<RegistryService>();
        var images = host.Get<ImageService>();
        var registry = await registries.AddAsync(Admin, new RegistryInput { Registry = "r.io" });
        var image = await images.AddAsync(Admin, new ImageInput { Image = "r.io/app:1" });
        await host.Get<BaseImageRepository>().SaveSyncResultAsync(image.Id, "sha256:old", "pulled");

        var moved = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            registries.UpdateAsync(Admin, registry.Id, new RegistryInput { Registry = "s.io" }, registry.UpdateTime));
        var updated = await images.UpdateAsync(Admin, image.Id, new ImageInput { Image = "r.io/app:2" }, image.UpdateTime);

        Assert.Equal("Registry.Address.InUse", moved.For("Registry")?.Code);
        Assert.Equal(("r.io/app:2", null, null), (updated.Image, updated.Sha, updated.Result));
    }

    [Fact]
    public async Task A_saved_password_is_never_sent_to_a_new_address()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        var registries = host.Get<RegistryService>();
        var saved = await registries.AddAsync(Admin, new RegistryInput { Registry = "r.io", Username = "tars", Password = "pw-1" });

        var moved = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            registries.UpdateAsync(Admin, saved.Id, new RegistryInput { Registry = "evil.example.com", Username = "tars" }, saved.UpdateTime));
        var tested = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            registries.TestLoginAsync(Admin, new RegistryInput { Registry = "evil.example.com", Username = "tars" }, "any-node", saved.Id));
        var movedWithPassword = await registries.UpdateAsync(Admin, saved.Id,
            new RegistryInput { Registry = "s.io", Username = "tars", Password = "pw-2" }, saved.UpdateTime);

        Assert.Equal("Registry.Password.Reenter", moved.For("Password")?.Code);
        Assert.Equal("Registry.Password.Reenter", tested.For("Password")?.Code);
        Assert.Equal("s.io", movedWithPassword.Registry);
    }

    [Fact]
    public async Task A_developer_may_see_images_but_not_change_them()
    {
        await using var host = await CoreHost.CreateSqliteAsync();
        await host.Get<UserService>().CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await host.Get<UserService>().GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        var dev = new Caller("dev1");
        await host.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = "busybox" });

        Assert.Single(await host.Get<ImageService>().ListAsync(dev));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Get<ImageService>().AddAsync(dev, new ImageInput { Image = "alpine" }));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Get<RegistryService>().AddAsync(dev, new RegistryInput { Registry = "r.io" }));
        await Assert.ThrowsAsync<AccessDeniedException>(() => host.Get<ImageSyncService>().SyncAsync(dev, 1));
    }
}
