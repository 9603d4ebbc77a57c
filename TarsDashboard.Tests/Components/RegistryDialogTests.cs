using Bunit;
using MudBlazor;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Security;
using Xunit;
using ImagesPage = TarsDashboard.Components.Pages.Images;

namespace TarsDashboard.Tests.Components;

/// <summary>The registry dialog's storage choice: readable by the Tars framework or encrypted, suggested by what runs on the database.</summary>
public sealed class RegistryDialogTests : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    [Fact]
    public async Task Without_a_framework_encryption_is_suggested_and_the_admin_may_choose_readable_by_tars()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ImagesPage>();
        OpenRegistries(cut);

        cut.WaitForAssertion(() => cut.Button("Add registry").Click());
        dialogs.WaitForElement(".field-storage");
        Assert.Equal("encrypted", dialogs.Find(".field-storage").GetAttribute("data-storage"));
        Assert.Contains("No Tars framework was found on this database", dialogs.Find("[data-testid=storage-help]").TextContent);
        Assert.Contains("Readable by the Tars framework (stored in plain text in t_docker_registry, as the Tars web platform does)", dialogs.Markup);
        Assert.Contains("Encrypted (only the dashboard can pull with it)", dialogs.Markup);
        Assert.Contains("How the password is stored", dialogs.Find(".field-storage legend").TextContent);

        dialogs.Find(".field-registry input").Input("harbor.example.com");
        dialogs.Find(".field-username input").Input("robot");
        dialogs.Find(".field-password input").Input("pw-plain-1");
        dialogs.Find("input[data-testid=storage-plain]").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("plain", dialogs.Find(".field-storage").GetAttribute("data-storage")));
        dialogs.Button("Save").Click();

        cut.WaitForAssertion(() => Assert.Equal("plain", PasswordState(cut, "harbor.example.com")));
        var row = Assert.Single(await Core.Get<DockerRegistryRepository>().ListAsync());
        Assert.Equal("pw-plain-1", row.Password);
        Assert.DoesNotContain("pw-plain-1", cut.Markup);
    }

    [Fact]
    public async Task With_a_framework_readable_by_tars_is_suggested_and_switching_a_saved_password_keeps_it_without_asking()
    {
        await Core.Get<TarsDatabase>().ExecuteAsync(
            "INSERT INTO t_node_info (node_name, node_obj, endpoint_ip, endpoint_port, data_dir, setting_state, present_state, last_heartbeat) " +
            "VALUES ('10.0.0.9', 'tars.tarsnode.NodeObj@tcp -h 10.0.0.9 -p 19385', '10.0.0.9', 19385, '', 'active', 'active', @now)", new { now = DateTime.UtcNow });
        await Core.Get<RegistryService>().AddAsync(Admin,
            new RegistryInput { Registry = "harbor.example.com", Username = "robot", Password = "pw-enc-2", PasswordStorage = PasswordStorage.Encrypted });
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ImagesPage>();
        OpenRegistries(cut);
        cut.WaitForAssertion(() => Assert.Equal("encrypted", PasswordState(cut, "harbor.example.com")));

        // A new registry: plain text suggested, because tarsnode and tarsregistry pull with it.
        cut.Button("Add registry").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("plain", dialogs.Find(".field-storage").GetAttribute("data-storage")));
        Assert.Contains("A Tars framework works on this database", dialogs.Find("[data-testid=storage-help]").TextContent);
        dialogs.Button("Cancel").Click();

        // The saved one shows how it is stored; switching needs no password.
        cut.Find("button[aria-label='Edit harbor.example.com']").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("encrypted", dialogs.Find(".field-storage").GetAttribute("data-storage")));
        Assert.Contains("you need not type it", dialogs.Find("[data-testid=storage-help]").TextContent);
        dialogs.Find("input[data-testid=storage-plain]").Click();
        dialogs.Button("Save").Click();

        cut.WaitForAssertion(() => Assert.Equal("plain", PasswordState(cut, "harbor.example.com")));
        Assert.Equal("pw-enc-2", Assert.Single(await Core.Get<DockerRegistryRepository>().ListAsync()).Password);
        Assert.DoesNotContain("pw-enc-2", cut.Markup + dialogs.Markup);
    }

    private static void OpenRegistries(IRenderedComponent<ImagesPage> cut) =>
        cut.WaitForAssertion(() => cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == "Registries").Click());

    private static string? PasswordState(IRenderedComponent<ImagesPage> cut, string registry) =>
        cut.Find($"tr:has(td[data-registry='{registry}']) [data-password]").GetAttribute("data-password");
}
