using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Tests.Infrastructure;
using Xunit;
using ImagesPage = TarsDashboard.Components.Pages.Images;

namespace TarsDashboard.Tests.Components;

/// <summary>The Images page over two real engines: registries without passwords, image errors by the field, the view-only gate, the matrix.</summary>
[Collection("infra")]
public sealed class ImagesPageTests(InfraFixture infra) : DashboardComponentTest
{
    private static readonly Caller Admin = new("admin");

    // Reloads follow live events a moment after the change; a matrix load asks both engines.
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(10);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var nodes = Core.Get<NodeService>();
        await nodes.AddAsync(Admin, new NodeInput { Name = "node1", Endpoint = infra.Node1.Endpoint });
        await nodes.AddAsync(Admin, new NodeInput { Name = "node2", Endpoint = infra.Node2.Endpoint });
    }

    [Fact]
    public async Task The_registry_list_never_shows_the_password()
    {
        const string password = "registry-secret-7Qx";
        var registries = Core.Get<RegistryService>();
        await registries.AddAsync(Admin, new RegistryInput { Registry = "harbor.example.com", Username = "robot", Password = password, Remark = "team" });
        await registries.AddAsync(Admin, new RegistryInput { Registry = "mirror.example.com" });
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ImagesPage>();

        OpenTab(cut, "Registries");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("td[data-registry]").Count));
        Assert.Equal("encrypted", PasswordState(cut, "harbor.example.com"));
        Assert.Equal("none", PasswordState(cut, "mirror.example.com"));
        Assert.Contains("robot", cut.Find("tr:has(td[data-registry='harbor.example.com'])").TextContent);
        Assert.DoesNotContain(password, cut.Markup);

        cut.Find("button[aria-label='Edit harbor.example.com']").Click();
        var field = dialogs.WaitForElement(".field-password input");
        Assert.Equal("password", field.GetAttribute("type"));
        Assert.True(string.IsNullOrEmpty(field.GetAttribute("value")));
        Assert.Contains("Leave empty to keep the saved password", dialogs.Markup);
        Assert.DoesNotContain(password, dialogs.Markup);
    }

    [Fact]
    public async Task Deleting_a_registry_that_an_image_uses_asks_first_and_is_refused_with_an_alert()
    {
        await Core.Get<RegistryService>().AddAsync(Admin, new RegistryInput { Registry = "harbor.example.com", Username = "robot", Password = "pw-123456" });
        await Core.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = "harbor.example.com/team/app:1" });
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ImagesPage>();
        OpenTab(cut, "Registries");

        cut.WaitForAssertion(() => cut.Find("button[aria-label='Delete harbor.example.com']").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("Delete the registry harbor.example.com and its saved password?", dialogs.Markup));
        dialogs.Button("Delete").Click();

        cut.WaitForAssertion(() => Assert.Equal(
            "1 image(s) use this registry; delete them or move them to another registry first.",
            cut.Find("[data-testid=registries-alert]").TextContent.Trim()));
        Assert.Single(await Core.Get<RegistryService>().ListAsync(Admin));
        Assert.Equal("1", cut.Find("td[data-image-count]").GetAttribute("data-image-count"));
    }

    [Fact]
    public async Task Adding_an_image_with_a_bad_reference_shows_the_error_next_to_the_field_and_stores_nothing()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ImagesPage>();
        OpenTab(cut, "Images");

        cut.WaitForAssertion(() => cut.Button("Add image").Click());
        dialogs.WaitForElement(".field-image input").Input("harbor.example.com/Team/App:1.0");
        Assert.Contains("registry/repository:tag or @sha256:", dialogs.Markup);
        dialogs.Button("Save").Click();

        dialogs.WaitForAssertion(() => Assert.Equal(
            "The repository is lowercase letters and digits, separated by '/', and inside a component by '.', '_', '__' or '-'.",
            dialogs.FieldError("field-image")));
        Assert.Null(dialogs.FieldError("field-remark"));
        Assert.Empty(await Core.Get<ImageService>().ListAsync(Admin));
    }

    [Fact]
    public async Task A_developer_sees_images_and_registries_but_no_admin_actions()
    {
        var users = Core.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        await Core.Get<RegistryService>().AddAsync(Admin, new RegistryInput { Registry = "harbor.example.com", Username = "robot", Password = "pw-123456" });
        await Core.Get<ImageService>().AddAsync(Admin, new ImageInput { Image = InfraFixture.BusyboxImage });
        Auth.SetAuthorized("dev1");

        var cut = Render<ImagesPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-cell-state]").Count), Live);
        Assert.NotNull(cut.Find("[data-testid=images-view-only]"));
        Assert.Empty(cut.FindAll("[data-testid=sync-all-stale]"));
        Assert.Empty(cut.FindAll(".cell-actions"));
        Assert.DoesNotContain("to all nodes", cut.Markup);

        OpenTab(cut, "Images");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("td[data-image-ref]")));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Add image");
        Assert.Empty(cut.FindAll("button[aria-label^='Edit '], button[aria-label^='Delete ']"));

        OpenTab(cut, "Registries");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("td[data-registry]")));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Add registry");
        Assert.Empty(cut.FindAll("button[aria-label^='Edit '], button[aria-label^='Delete ']"));
    }

    [Fact]
    public async Task The_matrix_shows_each_image_on_both_real_nodes_and_a_failed_sync_with_its_reason()
    {
        var images = Core.Get<ImageService>();
        var present = await images.AddAsync(Admin, new ImageInput { Image = InfraFixture.BusyboxImage });
        var absent = await images.AddAsync(Admin, new ImageInput { Image = "tarsdash-test/nowhere:1" });
        // Nothing listens there: both engines fail the pull at once.
        var unreachable = await images.AddAsync(Admin, new ImageInput { Image = $"127.0.0.1:{FreePort.Next()}/nothing/here:1" });
        // Each engine imported busybox on its own, so each has its own image id.
        var ids = new Dictionary<string, string>
        {
            ["node1"] = await ImageIdOnAsync(infra.Node1, InfraFixture.BusyboxImage),
            ["node2"] = await ImageIdOnAsync(infra.Node2, InfraFixture.BusyboxImage),
        };
        var snackbars = Render<MudSnackbarProvider>();
        var cut = Render<ImagesPage>();

        cut.WaitForAssertion(() => Assert.Equal(6, cut.FindAll("[data-cell-state]").Count), Live);
        Assert.Equal(["node1", "node2"], cut.FindAll("th[data-node-column]").Select(th => th.GetAttribute("data-node-column")));
        foreach (var node in new[] { "node1", "node2" })
        {
            var cell = Cell(cut, present.Id, node);
            Assert.Equal("Present", cell.GetAttribute("data-cell-state"));
            Assert.Contains(ids[node][7..19], cell.TextContent);
            Assert.Equal("Absent", Cell(cut, absent.Id, node).GetAttribute("data-cell-state"));
            Assert.Equal("Absent", Cell(cut, unreachable.Id, node).GetAttribute("data-cell-state"));
        }

        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#images").GetAttribute("data-ready")));
        cut.AssertEveryButtonIsNamed();
        Assert.All(cut.FindAll(".mud-input-control input:not([type=hidden])"), input => Assert.False(
            string.IsNullOrEmpty(input.Id) || cut.FindAll($"label[for='{input.Id}']").Count == 0, $"unlabelled input: {input.OuterHtml}"));

        cut.Find($"button[aria-label='Sync {unreachable.Image} to all nodes']").Click();

        foreach (var node in new[] { "node1", "node2" })
        {
            cut.WaitForAssertion(() => Assert.Equal("Failed", Cell(cut, unreachable.Id, node).GetAttribute("data-cell-state")), Live);
            Assert.False(string.IsNullOrWhiteSpace(Cell(cut, unreachable.Id, node).QuerySelector("[data-reason]")?.TextContent));
        }

        snackbars.WaitForAssertion(() => Assert.Contains($"Sync of {unreachable.Image} failed on node1", snackbars.Markup), Live);
        Assert.Equal("Present", Cell(cut, present.Id, "node2").GetAttribute("data-cell-state"));
    }

    private static void OpenTab(IRenderedComponent<ImagesPage> cut, string name) =>
        cut.WaitForAssertion(() => cut.FindAll(".mud-tab").Single(t => t.TextContent.Trim() == name).Click());

    private static string? PasswordState(IRenderedComponent<ImagesPage> cut, string registry) =>
        cut.Find($"tr:has(td[data-registry='{registry}']) [data-password]").GetAttribute("data-password");

    private static IElement Cell(IRenderedComponent<ImagesPage> cut, int imageId, string node) =>
        cut.Find($"[data-image='{imageId}'][data-node='{node}']");

    private static async Task<string> ImageIdOnAsync(DockerEngineInstance engine, string reference)
    {
        using var response = await engine.ApiClient.GetAsync($"/images/{reference}/json");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString()!;
    }
}
