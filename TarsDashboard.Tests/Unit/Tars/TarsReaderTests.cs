using TarsDashboard.Core.Tars.Codec;
using Xunit;

namespace TarsDashboard.Tests.Tars;

/// <summary>Decoding of hand-derived vectors (see <see cref="TarsWriterVectorTests"/> for the head byte rules).</summary>
public sealed class TarsReaderTests
{
    private static TarsReader Reader(string hex) => new(TarsHex.Bytes(hex));

    [Fact]
    public void Reads_each_integer_width_and_ZeroTag()
    {
        Assert.Equal(0, Reader("1C").ReadInt(1, required: true));                        // tag 1 ZeroTag
        Assert.Equal(-128, Reader("00 80").ReadInt(0, required: true));                  // Int8 0x80
        Assert.Equal(300, Reader("01 01 2C").ReadInt(0, required: true));                // Int16 0x012C
        Assert.Equal(-32769, Reader("02 FF FF 7F FF").ReadInt(0, required: true));       // Int32
        Assert.Equal(1L << 31, Reader("03 00 00 00 00 80 00 00 00").ReadLong(0, required: true)); // Int64 2^31
        Assert.Equal(127, Reader("00 7F").ReadByte(0, required: true));
        Assert.Equal(-300, Reader("01 FE D4").ReadShort(0, required: true));             // -300 = 0xFED4
    }

    [Fact]
    public void A_wider_target_accepts_every_narrower_width_and_a_narrower_one_refuses_a_wider_head()
    {
        Assert.Equal(5L, Reader("00 05").ReadLong(0, required: true));       // Int8 into a long
        Assert.Equal(300L, Reader("01 01 2C").ReadLong(0, required: true));  // Int16 into a long
        Assert.Equal(70000, Reader("02 00 01 11 70").ReadInt(0, required: true)); // Int32 into an int
        Assert.Throws<TarsDecodeException>(() => Reader("02 00 01 11 70").ReadShort(0, required: true)); // Int32 into a short
        Assert.Throws<TarsDecodeException>(() => Reader("01 01 2C").ReadByte(0, required: true));        // Int16 into a byte
        Assert.Throws<TarsDecodeException>(() => Reader("03 00 00 00 00 80 00 00 00").ReadInt(0, required: true));
        Assert.Throws<TarsDecodeException>(() => Reader("01 00 02").ReadBool(0, required: true));        // bool is a byte
    }

    [Fact]
    public void Floating_point_accepts_ZeroTag_and_double_accepts_float()
    {
        Assert.Equal(0f, Reader("3C").ReadFloat(3, required: true));                       // ZeroTag
        Assert.Equal(1.5f, Reader("34 3F C0 00 00").ReadFloat(3, required: true));         // Float 0x3FC00000
        Assert.Equal(1.5, Reader("34 3F C0 00 00").ReadDouble(3, required: true));         // Float into a double
        Assert.Equal(-2.0, Reader("05 C0 00 00 00 00 00 00 00").ReadDouble(0, required: true));
        Assert.Throws<TarsDecodeException>(() => Reader("05 C0 00 00 00 00 00 00 00").ReadFloat(0, required: true));
        Assert.Throws<TarsDecodeException>(() => Reader("00 01").ReadDouble(0, required: true)); // an integer is not a double
    }

    [Fact]
    public void Reads_String1_String4_and_extended_tags()
    {
        Assert.Equal("abc", Reader("56 03 61 62 63").ReadString(5, required: true));
        Assert.Equal("ab", Reader("07 00 00 00 02 61 62").ReadString(0, required: true)); // String4 may carry a short string
        Assert.Equal("中", Reader("06 03 E4 B8 AD").ReadString(0, required: true));
        Assert.Equal(1, Reader("F0 0F 01").ReadInt(15, required: true));  // extended head, tag 15
        Assert.Equal("", Reader("F6 FF 00").ReadString(255, required: true));
        Assert.Equal(7, Reader("F0 03 07").ReadInt(3, required: true));   // a small tag written in the long form is still tag 3
    }

    [Fact]
    public void Reads_bytes_from_a_SimpleList_or_a_list_of_bytes()
    {
        Assert.Equal(new byte[] { 1, 2, 3 }, Reader("7D 00 00 03 01 02 03").ReadBytes(7, required: true));
        Assert.Empty(Reader("6D 00 0C").ReadBytes(6, required: true));
        // 0x09 List; 00 02 count 2; 00 05: byte 5; 0x0C: byte 0
        Assert.Equal(new byte[] { 5, 0 }, Reader("09 00 02 00 05 0C").ReadBytes(0, required: true));
    }

    [Fact]
    public void Reads_maps_lists_and_nested_structs()
    {
        var map = Reader("98 00 01 06 01 61 16 01 62").ReadStringMap(9, required: true);
        Assert.Equal("b", Assert.Single(map).Value);

        Assert.Equal(["x", "y"], Reader("09 00 02 06 01 78 06 01 79").ReadStringList(0, required: true));
        Assert.Equal(new SamplePoint(1, "p"), Reader("2A 00 01 16 01 70 0B").ReadStruct<SamplePoint>(2));
        Assert.Equal([new SamplePoint(3, "")], Reader("39 00 01 0A 00 03 0B").ReadStructList<SamplePoint>(3, required: true));
    }

    [Fact]
    public void A_repeated_map_key_keeps_its_first_value_like_std_map_insert()
    {
        // count 2; "a" -> "1"; "a" -> "2"
        var map = Reader("08 00 02 06 01 61 16 01 31 06 01 61 16 01 32").ReadStringMap(0, required: true);
        Assert.Equal("1", Assert.Single(map).Value);
    }

    [Fact]
    public void Absent_optional_fields_take_their_default_and_absent_required_fields_fail()
    {
        var reader = Reader("20 07"); // only tag 2 = 7
        Assert.Equal(42, reader.ReadInt(0, required: false, defaultValue: 42)); // tag 0 absent: the next head has tag 2
        Assert.Equal("dflt", reader.ReadString(1, required: false, defaultValue: "dflt"));
        Assert.Equal(7, reader.ReadInt(2, required: true));
        Assert.True(reader.ReadBool(3, required: false, defaultValue: true)); // past the end: absent
        Assert.Empty(reader.ReadStringMap(4, required: false));
        Assert.Null(reader.ReadOptionalStruct<SamplePoint>(5));
        var error = Assert.Throws<TarsDecodeException>(() => reader.ReadInt(6, required: true));
        Assert.Contains("tag 6", error.Message);
    }

    [Fact]
    public void Fields_a_newer_peer_added_are_skipped_wherever_they_are()
    {
        // A "SamplePoint v2" with extra fields: tag 0 x = 9; tag 1 name "n"; and unknown additions
        // tag 2 List<string> ["q"], tag 3 Map {"k": struct{0: 1}}, tag 4 Float, tag 5 SimpleList, tag 6 Int64, tag 7 String4.
        var v2 = TarsHex.Bytes(
            "00 09" +                        // tag 0, Int8 9
            "16 01 6E" +                     // tag 1, String1 "n"
            "29 00 01 06 01 71" +            // tag 2, List, count 1, "q"
            "38 00 01 06 01 6B 1A 00 01 0B" + // tag 3, Map, count 1, key "k", value StructBegin at tag 1 {0: 1} StructEnd
            "44 3F 80 00 00" +               // tag 4, Float 1.0
            "5D 00 00 02 AA BB" +            // tag 5, SimpleList of 2 bytes
            "63 00 00 00 01 00 00 00 00" +   // tag 6, Int64 2^32
            "77 00 00 00 01 7A");            // tag 7, String4 "z"
        Assert.Equal(new SamplePoint(9, "n"), TarsCodec.Decode<SamplePoint>(v2));

        // The same struct nested: SkipToStructEnd passes the additions, and the field after it is still read.
        var outer = TarsHex.Join(TarsHex.Bytes("0A"), v2, TarsHex.Bytes("0B 10 2A")); // StructBegin tag 0, v2, StructEnd; tag 1 = 42
        var reader = new TarsReader(outer);
        Assert.Equal(new SamplePoint(9, "n"), reader.ReadStruct<SamplePoint>(0));
        Assert.Equal(42, reader.ReadInt(1, required: true));
    }

    [Fact]
    public void An_old_reader_skips_a_field_inserted_before_the_one_it_wants()
    {
        // tag 0 x = 1; tag 1 String1 "p"; reader wants only tag 0 and then tag 2: tag 1 is skipped
        var reader = Reader("00 01 16 01 70 20 03");
        Assert.Equal(1, reader.ReadInt(0, required: true));
        Assert.Equal(3, reader.ReadInt(2, required: true));
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Every_sample_value_survives_a_round_trip()
    {
        var value = SampleEverything.Rich();
        var decoded = TarsCodec.Decode<SampleEverything>(TarsCodec.Encode(value));
        Assert.Equivalent(value, decoded, strict: true);
        Assert.Equal(TarsHex.Of(TarsCodec.Encode(value)), TarsHex.Of(TarsCodec.Encode(decoded)));
    }

    [Theory]
    [InlineData(sbyte.MinValue)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(sbyte.MaxValue)]
    public void Bytes_round_trip(sbyte value)
    {
        var writer = new TarsWriter();
        writer.WriteByte(0, value);
        Assert.Equal(value, new TarsReader(writer.ToArray()).ReadByte(0, required: true));
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(-(1L << 31) - 1)]
    [InlineData(int.MinValue)]
    [InlineData(-32769)]
    [InlineData(-32768)]
    [InlineData(-129)]
    [InlineData(-128)]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(32767)]
    [InlineData(32768)]
    [InlineData(int.MaxValue)]
    [InlineData(1L << 31)]
    [InlineData(long.MaxValue)]
    public void Longs_round_trip_at_every_width_boundary(long value)
    {
        var writer = new TarsWriter();
        writer.WriteLong(17, value);
        Assert.Equal(value, new TarsReader(writer.ToArray()).ReadLong(17, required: true));
    }
}
