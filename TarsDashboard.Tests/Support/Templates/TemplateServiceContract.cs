using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Support;
using Xunit;

namespace TarsDashboard.Tests.Templates;

/// <summary>Templates through <see cref="TemplateService"/> and <see cref="MergedTemplateService"/>; each provider runs every case through a subclass.</summary>
public abstract class TemplateServiceContract
{
    private static readonly Caller Admin = new("admin");

    private const string CppProfile = "<tars>\n  <application>\n    <server>\n      logLevel=INFO\n      logsize=15M\n    </server>\n  </application>\n</tars>\n";

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>A connection string to a new, empty database.</summary>
    protected abstract Task<string> CreateEmptyDatabaseAsync();

    private async Task<CoreHost> MigratedHostAsync() => await CoreHost.CreateAsync(Provider, await CreateEmptyDatabaseAsync());

    [Fact]
    public async Task A_child_of_tars_default_is_added_and_listed_with_its_parent_and_counts()
    {
        await using var host = await MigratedHostAsync();
        var service = host.Get<TemplateService>();

        var added = await service.AddAsync(Admin, new TemplateInput { Name = " tars.cpp.default ", ParentName = "tars.default", Profile = CppProfile });

        Assert.Equal(("tars.cpp.default", "tars.default", CppProfile, "admin"), (added.Name, added.ParentName, added.Profile, added.Lastuser));
        var list = await service.ListAsync(Admin);
        Assert.Equal(["tars.cpp.default", "tars.default"], list.Select(t => t.Name));
        Assert.Equal(1, list.Single(t => t.Name == "tars.default").ChildCount);
        Assert.Equal((0, 0), (list[0].ChildCount, list[0].ServiceCount));
        var read = await service.GetAsync(Admin, "tars.cpp.default");
        Assert.Equal(CppProfile, read!.Profile);
        Assert.Equal(added.Posttime, read.Posttime);
        var (audit, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Action: "template.add"));
        Assert.Equal(("tars.cpp.default", AuditResult.Ok), (audit.Single().Target, audit.Single().Result));
    }

    [Fact]
    public async Task A_missing_parent_a_taken_name_and_a_bad_name_are_refused_and_nothing_is_stored()
    {
        await using var host = await MigratedHostAsync();
        var service = host.Get<TemplateService>();

        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.AddAsync(Admin, new TemplateInput { Name = "tars.java.default", ParentName = "tars.nothing", Profile = "" }));
        var noParent = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.AddAsync(Admin, new TemplateInput { Name = "tars.java.default", ParentName = " ", Profile = "" }));
        var taken = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.AddAsync(Admin, new TemplateInput { Name = "Tars.Default", ParentName = "tars.default", Profile = "" }));
        var badName = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.AddAsync(Admin, new TemplateInput { Name = "x'; DROP TABLE t_profile_template; --", ParentName = "tars.default" }));

        Assert.Equal(("Template.Parent.NotFound", "tars.nothing"), (missing.For("ParentName")!.Code, missing.For("ParentName")!.Arguments[0]));
        Assert.Equal("Template.Parent.Required", noParent.For("ParentName")!.Code);
        Assert.Equal("Template.Name.Taken", taken.For("Name")!.Code);
        Assert.Equal("Template.Name.Invalid", badName.For("Name")!.Code);
        Assert.Equal(["tars.default"], (await service.ListAsync(Admin)).Select(t => t.Name));
    }

    [Fact]
    public async Task A_parent_that_would_close_a_loop_is_refused()
    {
        await using var host = await MigratedHostAsync();
        var service = host.Get<TemplateService>();
        var a = await service.AddAsync(Admin, new TemplateInput { Name = "a", ParentName = "tars.default" });
        await service.AddAsync(Admin, new TemplateInput { Name = "b", ParentName = "a" });
        await service.AddAsync(Admin, new TemplateInput { Name = "c", ParentName = "b" });

        var loop = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.UpdateAsync(Admin, "a", new TemplateInput { Name = "a", ParentName = "c" }, a.Posttime));
        var self = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.UpdateAsync(Admin, "a", new TemplateInput { Name = "a", ParentName = "A" }, a.Posttime));

        Assert.Equal("Template.Cycle", loop.For("ParentName")!.Code);
        Assert.Contains("a -> c -> b -> a", loop.For("ParentName")!.Message);
        Assert.Equal("Template.Parent.Self", self.For("ParentName")!.Code);
        Assert.Equal("tars.default", (await service.GetAsync(Admin, "a"))!.ParentName);
    }

    [Fact]
    public async Task Tars_default_stays_the_root_it_may_be_edited_but_not_made_a_child_of_its_descendant()
    {
        await using var host = await MigratedHostAsync();
        var service = host.Get<TemplateService>();
        await service.AddAsync(Admin, new TemplateInput { Name = "tars.cpp.default", ParentName = "tars.default", Profile = CppProfile });
        var root = (await service.GetAsync(Admin, "tars.default"))!;
        var profile = root.Profile.Replace("lognum = 10", "lognum = 20", StringComparison.Ordinal);

        var edited = await service.UpdateAsync(Admin, "tars.default", new TemplateInput { Name = "tars.default", ParentName = "", Profile = profile }, root.Posttime);
        var selfParent = await service.UpdateAsync(Admin, "tars.default",
            new TemplateInput { Name = "tars.default", ParentName = "tars.default", Profile = profile }, edited.Posttime);
        var loop = await Assert.ThrowsAsync<ValidationFailedException>(() => service.UpdateAsync(Admin, "tars.default",
            new TemplateInput { Name = "tars.default", ParentName = "tars.cpp.default", Profile = profile }, selfParent.Posttime));
        var rename = await Assert.ThrowsAsync<ValidationFailedException>(() => service.UpdateAsync(Admin, "tars.default",
            new TemplateInput { Name = "tars.root", ParentName = "", Profile = profile }, selfParent.Posttime));

        Assert.Equal(("", 1), (edited.ParentName, edited.ChildCount));
        Assert.Equal("tars.default", selfParent.ParentName);
        Assert.Equal("Template.Cycle", loop.For("ParentName")!.Code);
        Assert.Equal("Template.Default.Protected", rename.For("Name")!.Code);
        var merged = await host.Get<MergedTemplateService>().GetMergedAsync(Admin, "tars.cpp.default");
        Assert.Equal(["tars.default", "tars.cpp.default"], merged.Chain);
        Assert.Equal("20", merged.Document!.GetValue("/tars/application/server<lognum>"));
    }

    [Fact]
    public async Task A_malformed_profile_is_refused_with_its_line_number_and_nothing_is_stored()
    {
        await using var host = await MigratedHostAsync();
        var service = host.Get<TemplateService>();
        var existing = await service.AddAsync(Admin, new TemplateInput { Name = "tars.cpp.default", ParentName = "tars.default", Profile = CppProfile });
        const string broken = "<tars>\n  <application>\n    logLevel=INFO\n  </tars>\n";

        var added = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.AddAsync(Admin, new TemplateInput { Name = "tars.go.default", ParentName = "tars.default", Profile = broken }));
        var edited = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.UpdateAsync(Admin, "tars.cpp.default", new TemplateInput { Name = "tars.cpp.default", ParentName = "tars.default", Profile = broken },
                existing.Posttime));

        foreach (var refused in new[] { added, edited })
        {
            var error = refused.Errors.First(e => e.Field == "Profile");
            Assert.Equal("Profile.MismatchedClosingTag", error.Code);
            Assert.Equal(4, error.Arguments[0]);
            Assert.StartsWith("Line 4: ", error.Message);
        }

        Assert.Null(await service.GetAsync(Admin, "tars.go.default"));
        Assert.Equal(CppProfile, (await service.GetAsync(Admin, "tars.cpp.default"))!.Profile);
        var outside = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.AddAsync(Admin, new TemplateInput { Name = "tars.go.default", ParentName = "tars.default", Profile = "\n\nlogLevel=INFO\n" }));
        Assert.Equal(("Profile.ContentOutsideSection", 3), (outside.For("Profile")!.Code, outside.For("Profile")!.Arguments[0]));
    }

    [Fact]
    public async Task Delete_and_rename_are_refused_while_a_service_or_a_child_template_uses_it()
    {
        await using var host = await MigratedHostAsync();
        var service = host.Get<TemplateService>();
        var used = await service.AddAsync(Admin, new TemplateInput { Name = "tars.cpp.default", ParentName = "tars.default", Profile = CppProfile });
        var serviceId = await host.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Hello", NodeName = "node1", TemplateName = "tars.cpp.default",
        });

        var deleteUsed = await Assert.ThrowsAsync<ValidationFailedException>(() => service.DeleteAsync(Admin, "tars.cpp.default"));
        var renameUsed = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            service.UpdateAsync(Admin, "tars.cpp.default", new TemplateInput { Name = "tars.cpp.v2", ParentName = "tars.default", Profile = CppProfile }, used.Posttime));
        var deleteDefault = await Assert.ThrowsAsync<ValidationFailedException>(() => service.DeleteAsync(Admin, "tars.default"));

        Assert.Equal(("Template.InUse", 1, 0), InUse(deleteUsed));
        Assert.Equal(("Template.InUse", 1, 0), InUse(renameUsed));
        Assert.Equal("Template.Default.Protected", deleteDefault.For("Name")!.Code);
        var listed = (await service.ListAsync(Admin)).Single(t => t.Name == "tars.cpp.default");
        Assert.Equal(1, listed.ServiceCount);

        await host.Get<ServerConfRepository>().DeleteAsync(serviceId);
        await service.AddAsync(Admin, new TemplateInput { Name = "tars.cpp.child", ParentName = "tars.cpp.default" });
        var deleteParent = await Assert.ThrowsAsync<ValidationFailedException>(() => service.DeleteAsync(Admin, "tars.cpp.default"));
        Assert.Equal(("Template.InUse", 0, 1), InUse(deleteParent));

        // Unused, both work: the child goes, then the parent is renamed and deleted.
        await service.DeleteAsync(Admin, "tars.cpp.child");
        var renamed = await service.UpdateAsync(Admin, "tars.cpp.default",
            new TemplateInput { Name = "tars.cpp.v2", ParentName = "tars.default", Profile = CppProfile }, used.Posttime);
        Assert.Equal("tars.cpp.v2", renamed.Name);
        Assert.Null(await service.GetAsync(Admin, "tars.cpp.default"));
        await service.DeleteAsync(Admin, "tars.cpp.v2");
        Assert.Equal(["tars.default"], (await service.ListAsync(Admin)).Select(t => t.Name));
        var (refused, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Result: AuditResult.Refused));
        Assert.Equal(4, refused.Count);
    }

    [Fact]
    public async Task An_edit_based_on_an_older_version_is_refused_even_within_the_same_second()
    {
        await using var host = await MigratedHostAsync();
        var service = host.Get<TemplateService>();
        var added = await service.AddAsync(Admin, new TemplateInput { Name = "tars.cpp.default", ParentName = "tars.default", Profile = CppProfile });
        var mine = TemplateInput.From(added);
        var theirs = TemplateInput.From(added);
        theirs.Profile = CppProfile.Replace("INFO", "DEBUG", StringComparison.Ordinal);
        mine.Profile = CppProfile.Replace("INFO", "ERROR", StringComparison.Ordinal);

        var first = await service.UpdateAsync(Admin, "tars.cpp.default", theirs, added.Posttime);
        var second = await service.UpdateAsync(Admin, "tars.cpp.default", theirs, first.Posttime);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => service.UpdateAsync(Admin, "tars.cpp.default", mine, added.Posttime));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => service.UpdateAsync(Admin, "tars.cpp.default", mine, first.Posttime));

        Assert.True(first.Posttime > added.Posttime && second.Posttime > first.Posttime, "every save moves posttime forward");
        Assert.Equal(0, second.Posttime!.Value.Ticks % TimeSpan.TicksPerSecond);
        var stored = await service.GetAsync(Admin, "tars.cpp.default");
        Assert.Equal((theirs.Profile, second.Posttime), (stored!.Profile, stored.Posttime));
        var (conflicts, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Result: AuditResult.Conflict));
        Assert.Equal(2, conflicts.Count);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            service.UpdateAsync(Admin, "tars.gone", new TemplateInput { Name = "tars.gone", ParentName = "tars.default" }, null));
    }

    [Fact]
    public async Task The_merged_view_equals_the_merger_output_for_the_chain_and_private_profile()
    {
        await using var host = await MigratedHostAsync();
        var service = host.Get<TemplateService>();
        await service.AddAsync(Admin, new TemplateInput { Name = "tars.cpp.default", ParentName = "tars.default", Profile = CppProfile });
        const string childProfile = "<tars>\n  <application>\n    <client>\n      sync-invoke-timeout=6000\n    </client>\n  </application>\n</tars>\n";
        await service.AddAsync(Admin, new TemplateInput { Name = "tars.cpp.slow", ParentName = "tars.cpp.default", Profile = childProfile });
        const string privateProfile = "<tars>\n  <application>\n    <server>\n      logLevel=ERROR\n    </server>\n  </application>\n</tars>\n";
        var merger = host.Get<MergedTemplateService>();

        var merged = await merger.GetMergedAsync(Admin, "tars.cpp.slow", privateProfile);

        var expected = TarsConfigMerger.MergeChain(
            new[] { DefaultTemplate.Profile, CppProfile, childProfile, privateProfile }.Select(t => TarsConfigParser.Parse(t).Document!));
        Assert.True(merged.Succeeded);
        Assert.Equal(TarsConfigWriter.Write(expected), merged.Text);
        Assert.Equal(expected, merged.Document);
        Assert.Equal(["tars.default", "tars.cpp.default", "tars.cpp.slow"], merged.Chain);
        Assert.Equal("ERROR", merged.Document.GetValue("/tars/application/server<logLevel>"));
        Assert.Equal("15M", merged.Document.GetValue("/tars/application/server<logsize>"));
        Assert.Equal("6000", merged.Document.GetValue("/tars/application/client<sync-invoke-timeout>"));

        var preview = await merger.PreviewAsync(Admin,
            new TemplateInput { Name = "tars.cpp.slow", ParentName = "tars.cpp.default", Profile = "<tars>\n<extra>\nx=1\n</extra>\n</tars>" }, "tars.cpp.slow");
        Assert.Equal("1", preview.Document!.GetValue("/tars/extra<x>"));
        Assert.Equal("3000", preview.Document.GetValue("/tars/application/client<sync-invoke-timeout>"));
        var unknown = await merger.GetMergedAsync(Admin, "tars.none");
        var badPrivate = await merger.GetMergedAsync(Admin, "tars.cpp.slow", "<tars>\n<server>\n</tars>");
        Assert.Equal("Template.NotFound", Assert.Single(unknown.Errors).Code);
        Assert.Equal(("PrivateProfile", 3), (badPrivate.Errors[0].Field, badPrivate.Errors[0].Arguments[0]));
    }

    [Fact]
    public async Task A_developer_can_read_templates_but_cannot_change_them()
    {
        await using var host = await MigratedHostAsync();
        var users = host.Get<UserService>();
        await users.CreateAsync(Admin, new UserInput { UserName = "dev1", Password = "dev-pass-1" });
        await users.GrantAsync(Admin, new Grant("dev1", Role.Developer, "Test"));
        var service = host.Get<TemplateService>();
        var existing = await service.AddAsync(Admin, new TemplateInput { Name = "tars.cpp.default", ParentName = "tars.default", Profile = CppProfile });
        var dev = new Caller("dev1");

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            service.AddAsync(dev, new TemplateInput { Name = "tars.dev", ParentName = "tars.default" }));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            service.UpdateAsync(dev, "tars.cpp.default", new TemplateInput { Name = "tars.cpp.default", ParentName = "tars.default" }, existing.Posttime));
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.DeleteAsync(dev, "tars.cpp.default"));

        Assert.Equal(2, (await service.ListAsync(dev)).Count);
        Assert.Equal(CppProfile, (await service.GetAsync(dev, "tars.cpp.default"))!.Profile);
        Assert.True((await host.Get<MergedTemplateService>().GetMergedAsync(dev, "tars.cpp.default")).Succeeded);
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ListAsync(new Caller("nobody")));
        var (denied, _) = await host.Get<AuditLog>().QueryAsync(Caller.System, new AuditQuery(Result: AuditResult.Denied));
        Assert.Equal(["template.add", "template.delete", "template.update"], denied.Select(d => d.Action).Order());
    }

    private static (string, object, object) InUse(ValidationFailedException refused)
    {
        var error = refused.For("Name")!;
        return (error.Code, error.Arguments[0], error.Arguments[1]);
    }
}
