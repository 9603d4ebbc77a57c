using System.Diagnostics;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Protocol;
using Xunit;

namespace TarsDashboard.Tests.Tars;

/// <summary>Hostile or broken bytes: always a <see cref="TarsDecodeException"/>, quickly, with no big allocation.</summary>
public sealed class TarsMalformedInputTests
{
    /// <summary>Decodes, and returns whether it succeeded; any exception but TarsDecodeException fails the test.</summary>
    private static bool DecodesOrRefuses(Func<object> decode)
    {
        try
        {
            decode();
            return true;
        }
        catch (TarsDecodeException)
        {
            return false;
        }
    }

    private static long AllocatedBy(Action action)
    {
        action(); // warm up: JIT and static initialisation allocate once
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Truncation_at_every_byte_position_is_refused()
    {
        // The sample's last field is required, so every strict prefix lacks something required.
        var encoded = TarsCodec.Encode(SampleEverything.Rich());
        for (var length = 0; length < encoded.Length; length++)
        {
            var prefix = encoded.AsMemory(0, length);
            Assert.False(DecodesOrRefuses(() => TarsCodec.Decode<SampleEverything>(prefix)), $"a {length}-byte prefix decoded");
        }

        var request = TarsFraming.Frame(SampleRequest());
        for (var length = 4; length < request.Length; length++)
        {
            var prefix = request.AsMemory(4, length - 4);
            Assert.False(DecodesOrRefuses(() => TarsCodec.Decode<RequestPacket>(prefix)), $"a {length}-byte packet prefix decoded");
        }
    }

    [Fact]
    public void Random_bytes_never_hang_and_never_throw_anything_but_a_decode_error()
    {
        var random = new Random(20261202);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 96)];
            random.NextBytes(bytes);
            DecodesOrRefuses(() => TarsCodec.Decode<SampleEverything>(bytes));
            DecodesOrRefuses(() => TarsCodec.Decode<RequestPacket>(bytes));
            DecodesOrRefuses(() => TarsCodec.Decode<ResponsePacket>(bytes));
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Mutated_valid_encodings_never_hang_and_never_throw_anything_but_a_decode_error()
    {
        var random = new Random(7);
        var valid = TarsCodec.Encode(SampleEverything.Rich());
        var packet = TarsCodec.Encode(SampleRequest());
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
        {
            var source = i % 2 == 0 ? valid : packet;
            var bytes = (byte[])source.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            DecodesOrRefuses(() => TarsCodec.Decode<SampleEverything>(bytes));
            DecodesOrRefuses(() => TarsCodec.Decode<RequestPacket>(bytes));
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData("07 7F FF FF FF 61 62")]       // String4 announcing 2^31-1 bytes, 2 present
    [InlineData("07 FF FF FF FF 61")]          // String4 announcing 2^32-1 bytes
    [InlineData("0D 00 02 7F FF FF FF 01")]    // SimpleList announcing 2^31-1 bytes
    [InlineData("0D 00 03 7F FF FF FF FF FF FF FF")] // SimpleList with an Int64 length of 2^63-1
    [InlineData("0D 00 00 FF")]                // SimpleList with the length -1
    [InlineData("09 02 7F FF FF FF 0C")]       // List announcing 2^31-1 elements
    [InlineData("09 03 7F FF FF FF FF FF FF FF")] // List with a 2^63-1 count (count × size must not overflow)
    [InlineData("08 02 7F FF FF FF 0C 0C")]    // Map announcing 2^31-1 pairs
    [InlineData("08 03 40 00 00 00 00 00 00 01 0C")] // Map with a count whose double overflows
    [InlineData("09 00 FF")]                   // List with the count -1
    public void Huge_or_negative_length_fields_are_refused_without_allocating_them(string hex)
    {
        var bytes = TarsHex.Bytes(hex);
        var allocated = AllocatedBy(() =>
        {
            Assert.Throws<TarsDecodeException>(() => new TarsReader(bytes).ReadBytes(0, required: true));
            Assert.Throws<TarsDecodeException>(() => new TarsReader(bytes).ReadString(0, required: true));
            Assert.Throws<TarsDecodeException>(() => new TarsReader(bytes).ReadStringList(0, required: true));
            Assert.Throws<TarsDecodeException>(() => new TarsReader(bytes).ReadStringMap(0, required: true));
            // and when skipped as an unknown field before the one asked for
            Assert.Throws<TarsDecodeException>(() => new TarsReader(bytes).ReadInt(1, required: false));
        });
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated");
    }

    [Fact]
    public async Task A_frame_length_over_the_limit_is_refused_before_its_body_is_allocated()
    {
        // 7F FF FF FF: a packet of 2^31-1 bytes announced, none sent (a MemoryStream completes synchronously,
        // so everything below runs on this thread and is counted)
        using var stream = new MemoryStream(TarsHex.Bytes("7F FF FF FF 00 00"));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<TarsDecodeException>(() =>
            TarsFraming.ReadPacketAsync(stream, TarsFraming.DefaultMaxPacketBytes, CancellationToken.None));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
        Assert.Contains("2147483647", error.Message);

        // below its own 4 bytes
        Assert.Throws<TarsDecodeException>(() => TarsFraming.ReadLength(TarsHex.Bytes("00 00 00 03"), 1000));
        // FF FF FF FF read as unsigned, not as -1
        Assert.Throws<TarsDecodeException>(() => TarsFraming.ReadLength(TarsHex.Bytes("FF FF FF FF"), 1000));
        Assert.Equal(1000, TarsFraming.ReadLength(TarsHex.Bytes("00 00 03 E8"), 1000));
    }

    [Fact]
    public async Task A_stream_that_ends_inside_a_packet_is_an_end_of_stream_and_between_packets_is_null()
    {
        using var empty = new MemoryStream();
        Assert.Null(await TarsFraming.ReadPacketAsync(empty, 1000, CancellationToken.None));

        using var half = new MemoryStream(TarsHex.Bytes("00 00 00 08 1C"));
        await Assert.ThrowsAsync<EndOfStreamException>(() => TarsFraming.ReadPacketAsync(half, 1000, CancellationToken.None));
    }

    [Fact]
    public void Deep_nesting_is_refused_without_exhausting_the_stack()
    {
        var structs = Enumerable.Repeat((byte)0x0A, 100_000).ToArray(); // StructBegin at tag 0, forever
        Assert.Throws<TarsDecodeException>(() => new TarsReader(structs).ReadStruct<SamplePoint>(0));
        Assert.Throws<TarsDecodeException>(() => new TarsReader(structs).ReadInt(1, required: false)); // skipping them

        // 09 00 01: a List at tag 0 holding one element, which is again such a list …
        var lists = Enumerable.Range(0, 30_000).SelectMany(_ => new byte[] { 0x09, 0x00, 0x01 }).ToArray();
        Assert.Throws<TarsDecodeException>(() => new TarsReader(lists).ReadInt(1, required: false));

        // within the limit it works: 10 nested lists of one string
        var nested = TarsHex.Join(Enumerable.Repeat(TarsHex.Bytes("09 00 01"), 10).SelectMany(b => b).ToArray(), TarsHex.Bytes("06 00 10 05"));
        var reader = new TarsReader(nested);
        Assert.Equal(5, reader.ReadInt(1, required: true));
    }

    [Theory]
    [InlineData("00 01", "string")]      // an Int8 where a string is expected
    [InlineData("06 01 61", "int")]      // a string where an int is expected
    [InlineData("09 0C", "struct")]      // a List where a struct is expected
    [InlineData("0A 0B", "list")]        // a struct where a list is expected
    [InlineData("09 0C", "map")]         // a List where a map is expected
    [InlineData("06 00", "bytes")]       // a string where bytes are expected
    [InlineData("0D 06 00", "bytes")]    // a SimpleList whose inner head is not Int8
    [InlineData("0E", "skip")]           // head type 14 does not exist
    [InlineData("0F", "skip")]           // head type 15 does not exist
    [InlineData("F0", "int")]            // an extended head cut before its tag byte
    [InlineData("0A 00 01", "struct")]   // a struct never closed
    public void Wrong_or_unknown_types_are_decode_errors(string hex, string expected)
    {
        var reader = new TarsReader(TarsHex.Bytes(hex));
        Action read = expected switch
        {
            "string" => () => reader.ReadString(0, required: true),
            "int" => () => reader.ReadInt(0, required: true),
            "struct" => () => reader.ReadStruct<SamplePoint>(0),
            "list" => () => reader.ReadStringList(0, required: true),
            "map" => () => reader.ReadStringMap(0, required: true),
            "bytes" => () => reader.ReadBytes(0, required: true),
            _ => () => reader.ReadInt(5, required: false),
        };
        Assert.Throws<TarsDecodeException>(read);
    }

    private static RequestPacket SampleRequest() => new()
    {
        RequestId = 77,
        ServantName = "tars.tarsregistry.QueryObj",
        FuncName = "findObjectById",
        Buffer = [0x16, 0x01, 0x61],
        Timeout = 3000,
        Context = new Dictionary<string, string> { ["trace"] = "1" },
        Status = new Dictionary<string, string> { ["s"] = "v" },
    };
}
