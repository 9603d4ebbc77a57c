using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>A package goes into the exe path as tarsnode's patch copies it: single folders descended, hidden siblings left.</summary>
public sealed class ServicePackageRewriterTests
{
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
    private const UnixFileMode Plain = (UnixFileMode)0b110_100_100;

    private sealed record Item(string Name, TarEntryType Kind = TarEntryType.RegularFile, string Text = "", UnixFileMode Mode = Plain, string Link = "");

    private static Item Dir(string name) => new(name, TarEntryType.Directory, Mode: Executable);

    private static MemoryStream Tar(params Item[] items)
    {
        var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var item in items)
            {
                var entry = new PaxTarEntry(item.Kind, item.Name) { Mode = item.Mode, Uid = 1000, Gid = 1000 };
                if (item.Kind == TarEntryType.RegularFile)
                {
                    entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(item.Text));
                }
                else if (item.Kind is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                {
                    entry.LinkName = item.Link;
                }

                writer.WriteEntry(entry);
            }
        }

        buffer.Position = 0;
        return buffer;
    }

    private static MemoryStream Gzip(MemoryStream tar)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            tar.CopyTo(gzip);
        }

        buffer.Position = 0;
        return buffer;
    }

    // The rewritten tar, read back: name -> (kind, mode, owner, text or link).
    private static async Task<(ServicePackageContent Content, List<(string Name, TarEntryType Kind, UnixFileMode Mode, int Uid, string Data)> Entries)>
        RewriteAsync(Stream package, string prefix = "bin/")
    {
        await using var plain = await ServicePackageRewriter.OpenPlainTarAsync(package);
        var target = new MemoryStream();
        var content = await ServicePackageRewriter.RewriteAsync(plain, target, prefix);
        target.Position = 0;
        var entries = new List<(string, TarEntryType, UnixFileMode, int, string)>();
        using var reader = new TarReader(target);
        while (reader.GetNextEntry() is { } entry)
        {
            var data = entry.DataStream is null ? entry.LinkName : new StreamReader(entry.DataStream).ReadToEnd();
            entries.Add((entry.Name, entry.EntryType, entry.Mode, entry.Uid, data));
        }

        return (content, entries);
    }

    [Fact]
    public async Task A_make_server_tar_package_lands_in_bin_with_its_modes_owned_by_root()
    {
        var package = Gzip(Tar(Dir("HelloServer/"), new("HelloServer/HelloServer", Text: "#!/bin/sh\n", Mode: Executable),
            new("HelloServer/conf.ini", Text: "x=1"), Dir("HelloServer/lib/"), new("HelloServer/lib/libhello.so", Text: "elf")));

        var (content, entries) = await RewriteAsync(package);

        Assert.Equal("HelloServer/", content.CopyRoot);
        Assert.Equal(["bin/HelloServer", "bin/conf.ini", "bin/lib/", "bin/lib/libhello.so"], entries.Select(e => e.Name));
        Assert.Equal((Executable, 0, "#!/bin/sh\n"), (entries[0].Mode, entries[0].Uid, entries[0].Data));
        Assert.Equal(["HelloServer", "conf.ini", "lib", "lib/libhello.so"], content.Entries.Select(e => e.Path));
        Assert.True(content.Entries[0].IsExecutable);
        Assert.False(content.Entries[1].IsExecutable);
    }

    [Fact]
    public async Task Every_level_of_single_folders_is_descended_even_when_the_folders_are_not_listed()
    {
        var (content, entries) = await RewriteAsync(Tar(new("./usr/local/HelloServer/HelloServer", Mode: Executable), new("./usr/local/HelloServer/b")));

        Assert.Equal("usr/local/HelloServer/", content.CopyRoot);
        Assert.Equal(["bin/HelloServer", "bin/b"], entries.Select(e => e.Name));
    }

    [Fact]
    public async Task Hidden_entries_do_not_stop_the_descent_and_are_left_out_above_it_but_copied_inside()
    {
        var (content, entries) = await RewriteAsync(Tar(new("._HelloServer"), Dir(".git/"), new(".git/HEAD"), Dir("HelloServer/"),
            new("HelloServer/HelloServer", Mode: Executable), new("HelloServer/.env", Text: "A=1")));

        Assert.Equal("HelloServer/", content.CopyRoot);
        Assert.Equal(["bin/HelloServer", "bin/.env"], entries.Select(e => e.Name));
    }

    [Fact]
    public async Task The_descent_stops_at_a_folder_with_two_entries_or_a_file_or_a_link_to_a_folder()
    {
        Assert.Equal("", (await RewriteAsync(Tar(new("HelloServer/HelloServer"), new("README")))).Content.CopyRoot);
        Assert.Equal("HelloServer/", (await RewriteAsync(Tar(new("HelloServer/HelloServer"), new("HelloServer/sub/x")))).Content.CopyRoot);
        Assert.Equal("", (await RewriteAsync(Tar(new("HelloServer"), new("HelloServer", TarEntryType.SymbolicLink, Link: "lib")))).Content.CopyRoot);
        // A package already holding bin/ lands as bin/ too.
        var (_, entries) = await RewriteAsync(Tar(Dir("bin/"), new("bin/HelloServer", Mode: Executable)));
        Assert.Equal(["bin/HelloServer"], entries.Select(e => e.Name));
    }

    [Fact]
    public async Task The_prefix_may_be_an_absolute_exe_path_and_hard_links_follow_the_rename()
    {
        var (_, entries) = await RewriteAsync(Tar(new("HelloServer/HelloServer", Mode: Executable),
            new("HelloServer/Hello2", TarEntryType.HardLink, Link: "HelloServer/HelloServer"),
            new("HelloServer/current", TarEntryType.SymbolicLink, Link: "./HelloServer")), "usr/local/app/tars/tarsnode/data/Test.HelloServer/bin");

        Assert.Equal(
            [
                ("usr/local/app/tars/tarsnode/data/Test.HelloServer/bin/HelloServer", TarEntryType.RegularFile, ""),
                ("usr/local/app/tars/tarsnode/data/Test.HelloServer/bin/Hello2", TarEntryType.HardLink, "usr/local/app/tars/tarsnode/data/Test.HelloServer/bin/HelloServer"),
                ("usr/local/app/tars/tarsnode/data/Test.HelloServer/bin/current", TarEntryType.SymbolicLink, "./HelloServer"),
            ],
            entries.Select(e => (e.Name, e.Kind, e.Data)));
    }

    [Theory]
    [InlineData("../etc/passwd", "Package.UnsafePath")]
    [InlineData("/etc/passwd", "Package.UnsafePath")]
    [InlineData("HelloServer/../../x", "Package.UnsafePath")]
    public async Task Paths_outside_the_folder_are_refused(string name, string code)
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => RewriteAsync(Tar(new("HelloServer/HelloServer"), new(name))));

        Assert.Equal(code, Assert.Single(refused.Errors).Code);
        Assert.Contains(name, refused.Message);
    }

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("../../etc")]
    [InlineData("../lib")]
    public async Task Symbolic_links_leaving_the_copied_folder_are_refused(string target)
    {
        // "../lib" from HelloServer/x points at the package's top, which is not copied.
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            RewriteAsync(Tar(new("HelloServer/HelloServer"), new("HelloServer/x", TarEntryType.SymbolicLink, Link: target))));

        Assert.Equal("Package.UnsafeLink", Assert.Single(refused.Errors).Code);
        Assert.Contains(target, refused.Message);
    }

    [Fact]
    public async Task Links_inside_the_copied_folder_are_kept_and_hard_links_to_left_out_files_are_refused()
    {
        var (_, entries) = await RewriteAsync(Tar(new("HelloServer/HelloServer"), new("HelloServer/lib/a.so"),
            new("HelloServer/lib/b.so", TarEntryType.SymbolicLink, Link: "../lib/a.so")));
        Assert.Contains(("bin/lib/b.so", "../lib/a.so"), entries.Select(e => (e.Name, e.Data)));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            RewriteAsync(Tar(new(".hidden"), new("HelloServer/HelloServer"), new("HelloServer/h", TarEntryType.HardLink, Link: ".hidden"))));
        Assert.Equal("Package.UnsafeLink", Assert.Single(refused.Errors).Code);
    }

    [Fact]
    public async Task Devices_and_fifos_are_refused()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            RewriteAsync(Tar(new("HelloServer/HelloServer"), new("HelloServer/pipe", TarEntryType.Fifo))));

        Assert.Equal("Package.SpecialFile", Assert.Single(refused.Errors).Code);
    }

    [Fact]
    public async Task A_package_with_nothing_to_copy_is_refused()
    {
        Assert.Equal("Package.Empty",
            Assert.Single((await Assert.ThrowsAsync<ValidationFailedException>(() => RewriteAsync(Tar(new("._x"), Dir(".git/"))))).Errors).Code);
        Assert.Equal("Package.EmptyFolder",
            Assert.Single((await Assert.ThrowsAsync<ValidationFailedException>(() => RewriteAsync(Tar(Dir("HelloServer/"), new("HelloServer/.keep"))))).Errors).Code);
    }

    [Fact]
    public async Task Something_that_is_not_a_tar_is_refused()
    {
        var noise = new MemoryStream(Encoding.UTF8.GetBytes(new string('x', 2000)));
        Assert.Equal("Package.NotTar", Assert.Single((await Assert.ThrowsAsync<ValidationFailedException>(() => RewriteAsync(noise))).Errors).Code);

        var brokenGzip = new MemoryStream([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Equal("Package.NotTar", Assert.Single((await Assert.ThrowsAsync<ValidationFailedException>(() => RewriteAsync(brokenGzip))).Errors).Code);
    }

    [Fact]
    public async Task A_stream_that_cannot_seek_is_spooled_to_a_temporary_file_and_read_the_same()
    {
        var package = Gzip(Tar(new Item("HelloServer/HelloServer", Text: "x", Mode: Executable)));

        var (_, entries) = await RewriteAsync(new ForwardOnlyStream(package));

        Assert.Equal([("bin/HelloServer", "x")], entries.Select(e => (e.Name, e.Data)));
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
