using System.Formats.Tar;
using TarsDashboard.Core.Services;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>tarsnode's searches in the exe path: a renamed C++ program, a Node.js package.json.</summary>
public sealed class ServiceProgramSearchTests
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;

    private static ServicePackageEntry File(string path, UnixFileMode mode = (UnixFileMode)0b110_100_100) => new(path, TarEntryType.RegularFile, mode);

    private static ServicePackageEntry Folder(string path) => new(path, TarEntryType.Directory, Executable);

    [Fact]
    public void The_first_executable_with_server_in_its_name_is_found_files_before_sub_folders_in_name_order()
    {
        Assert.Equal("HelloServer2", ServiceProgramSearch.FindServerProgram(
            [File("Server.txt"), File("HelloServer2", Executable), File("AServer", (UnixFileMode)0b110_100_100), Folder("a"), File("a/AServer", Executable)]));
        Assert.Equal("a/my_server", ServiceProgramSearch.FindServerProgram([File("run.sh", Executable), File("a/my_server", Executable), File("b/XServer", Executable)]));
        Assert.Null(ServiceProgramSearch.FindServerProgram([File("run.sh", Executable), File("Server.conf")]));
    }

    [Fact]
    public void The_package_json_folder_skips_node_modules_and_the_bundled_node()
    {
        Assert.Equal("app", ServiceProgramSearch.FindNodePackageFolder(
            [File("node_modules/x/package.json"), File("tars_nodejs/node-agent/package.json"), File("app/package.json"), File("app/index.js")]));
        Assert.Equal("", ServiceProgramSearch.FindNodePackageFolder([File("package.json"), File("sub/package.json")]));
        Assert.Null(ServiceProgramSearch.FindNodePackageFolder([File("index.js")]));
    }
}
