using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Tests.Components;
using Xunit;
using ServiceEditPage = TarsDashboard.Components.Pages.ServiceEdit;

namespace TarsDashboard.Tests.Services;

/// <summary>The Packages section of the service page: upload with md5 shown, a bad archive refused with the reason.</summary>
public sealed class ServicePackagesPanelTests : DashboardComponentTest
{
    private int _id;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _id = await Core.Get<ServerConfRepository>().InsertAsync(new ServerConfRow
        {
            Application = "Test", ServerName = "Packed", NodeName = "10.0.0.7", TemplateName = "tars.default", Profile = "",
        });
        Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task An_uploaded_package_is_listed_with_its_md5_as_the_default_and_a_bad_one_shows_the_reason()
    {
        var cut = Render<ServiceEditPage>(p => p.Add(x => x.Id, _id));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find("#service-edit").GetAttribute("data-ready")), TimeSpan.FromSeconds(10));
        Assert.Contains("Package (.tgz)", cut.Find("[data-testid=packages]").TextContent);
        var bytes = Tgz("Packed/Packed", "#!/bin/sh\necho version 2\n");

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(bytes, "Packed.tgz"));
        cut.Find("[data-testid=package-upload-button]").Click();

        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes));
        cut.WaitForAssertion(() => Assert.Contains(md5, cut.Find("[data-testid=packages]").TextContent), TimeSpan.FromSeconds(10));
        Assert.NotNull(cut.Find("[data-testid=package-default]"));
        Assert.Equal(md5, Assert.Single(await Core.Get<ServicePackageStore>().ListAsync(Caller.System, "Test", "Packed")).Md5);

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Tgz("../evil.sh", "x"), "evil.tgz"));
        cut.Find("[data-testid=package-upload-button]").Click();

        cut.WaitForAssertion(() => Assert.Contains("outside the service folder", cut.Find("[data-testid=package-error]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Single(await Core.Get<ServicePackageStore>().ListAsync(Caller.System, "Test", "Packed"));
    }

    private static byte[] Tgz(string name, string content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        }

        return buffer.ToArray();
    }
}
