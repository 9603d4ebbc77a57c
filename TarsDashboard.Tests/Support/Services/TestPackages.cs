using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace TarsDashboard.Tests.Support;

/// <summary>Service packages as tests upload them: a .tgz of executable text files, and a program that runs until stopped.</summary>
public static class TestPackages
{
    public static byte[] Tgz(params (string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    Mode = (UnixFileMode)0b111_101_101, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                });
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A Server/Server package whose program prints <paramref name="text"/> and sleeps until stopped.</summary>
    public static byte[] Sleeper(string server, string text) =>
        Tgz(($"{server}/{server}", $"#!/bin/sh\necho \"{text}\"\ntrap 'exit 0' TERM\nbusybox sleep 3600 &\nwait\n"));

    /// <summary>A Server/Server package whose program starts, then exits with <paramref name="code"/> a second later.</summary>
    public static byte[] Crasher(string server, int code) =>
        Tgz(($"{server}/{server}", $"#!/bin/sh\necho starting\nbusybox sleep 1\nexit {code}\n"));
}
