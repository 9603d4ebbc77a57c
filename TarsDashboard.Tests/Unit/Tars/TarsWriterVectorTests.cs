using TarsDashboard.Core.Tars.Codec;
using Xunit;

namespace TarsDashboard.Tests.Tars;

/// <summary>
/// Every vector here is derived by hand from the encoding rules (head byte = tag &lt;&lt; 4 | type; tag ≥ 15 as
/// 0xF? plus a tag byte; smallest integer width; ZeroTag for 0; String1 up to 255 bytes; big-endian payloads).
/// Type nibbles: 0 Int8, 1 Int16, 2 Int32, 3 Int64, 4 Float, 5 Double, 6 String1, 7 String4, 8 Map, 9 List,
/// A StructBegin, B StructEnd, C ZeroTag, D SimpleList.
/// </summary>
public sealed class TarsWriterVectorTests
{
    private static string Encoded(Action<TarsWriter> write)
    {
        var writer = new TarsWriter();
        write(writer);
        return TarsHex.Of(writer.WrittenSpan);
    }

    private static void AssertEncodes(string expectedHex, Action<TarsWriter> write) =>
        Assert.Equal(TarsHex.Of(TarsHex.Bytes(expectedHex)), Encoded(write));

    [Fact]
    public void Zero_is_written_as_a_ZeroTag_head_with_no_payload_for_every_integer_width()
    {
        AssertEncodes("1C", w => w.WriteInt(1, 0));        // 0x1C: tag 1, ZeroTag — the int 0
        AssertEncodes("0C", w => w.WriteLong(0, 0));       // 0x0C: tag 0, ZeroTag — the long 0
        AssertEncodes("2C", w => w.WriteShort(2, 0));      // 0x2C: tag 2, ZeroTag — the short 0
        AssertEncodes("3C", w => w.WriteByte(3, 0));       // 0x3C: tag 3, ZeroTag — the byte 0
        AssertEncodes("4C", w => w.WriteBool(4, false));   // 0x4C: tag 4, ZeroTag — false is the byte 0
    }

    [Fact]
    public void Bool_and_byte_are_one_byte_integers()
    {
        AssertEncodes("00 01", w => w.WriteBool(0, true)); // 0x00: tag 0, Int8; 0x01: true
        AssertEncodes("20 FF", w => w.WriteByte(2, -1));   // 0x20: tag 2, Int8; 0xFF: -1 in two's complement
        AssertEncodes("50 7F", w => w.WriteByte(5, 127));  // 0x50: tag 5, Int8; 0x7F: 127
    }

    [Fact]
    public void Integers_take_the_smallest_width_that_holds_them_at_each_boundary()
    {
        AssertEncodes("00 7F", w => w.WriteInt(0, 127));             // 0x00 Int8; 127 fits a signed byte
        AssertEncodes("00 80", w => w.WriteInt(0, -128));            // 0x00 Int8; -128 = 0x80
        AssertEncodes("01 00 80", w => w.WriteInt(0, 128));          // 0x01 Int16; 128 = 0x0080 big-endian
        AssertEncodes("01 FF 7F", w => w.WriteInt(0, -129));         // 0x01 Int16; -129 = 0xFF7F
        AssertEncodes("01 7F FF", w => w.WriteInt(0, 32767));        // 0x01 Int16; 32767 = 0x7FFF
        AssertEncodes("01 80 00", w => w.WriteInt(0, -32768));       // 0x01 Int16; -32768 = 0x8000
        AssertEncodes("02 00 00 80 00", w => w.WriteInt(0, 32768));  // 0x02 Int32; 32768 = 0x00008000
        AssertEncodes("02 FF FF 7F FF", w => w.WriteInt(0, -32769)); // 0x02 Int32; -32769 = 0xFFFF7FFF
        AssertEncodes("02 7F FF FF FF", w => w.WriteInt(0, int.MaxValue));         // 0x02 Int32; 2^31-1
        AssertEncodes("02 80 00 00 00", w => w.WriteLong(0, int.MinValue));        // a long that fits Int32 stays Int32
        AssertEncodes("03 00 00 00 00 80 00 00 00", w => w.WriteLong(0, 1L << 31)); // 0x03 Int64; 2^31
        AssertEncodes("03 FF FF FF FF 7F FF FF FF", w => w.WriteLong(0, -(1L << 31) - 1)); // 0x03 Int64; -2^31-1
        AssertEncodes("03 7F FF FF FF FF FF FF FF", w => w.WriteLong(0, long.MaxValue));   // 0x03 Int64; 2^63-1
        AssertEncodes("10 05", w => w.WriteShort(1, 5));             // 0x10: tag 1, Int8 — a short that fits a byte
        AssertEncodes("11 01 2C", w => w.WriteShort(1, 300));        // 0x11: tag 1, Int16; 300 = 0x012C
    }

    [Fact]
    public void Float_and_double_are_big_endian_IEEE_and_never_ZeroTag()
    {
        AssertEncodes("34 3F C0 00 00", w => w.WriteFloat(3, 1.5f));              // 0x34: tag 3, Float; 1.5f = 0x3FC00000
        AssertEncodes("34 00 00 00 00", w => w.WriteFloat(3, 0f));                // 0x34: 0.0f keeps its Float head
        AssertEncodes("45 3F F8 00 00 00 00 00 00", w => w.WriteDouble(4, 1.5));  // 0x45: tag 4, Double; 1.5 = 0x3FF8000000000000
        AssertEncodes("05 C0 00 00 00 00 00 00 00", w => w.WriteDouble(0, -2.0)); // 0x05: tag 0, Double; -2.0 = 0xC000000000000000
    }

    [Fact]
    public void Strings_up_to_255_bytes_are_String1_and_longer_ones_String4()
    {
        AssertEncodes("56 03 61 62 63", w => w.WriteString(5, "abc")); // 0x56: tag 5, String1; 0x03 length; "abc"
        AssertEncodes("06 00", w => w.WriteString(0, ""));             // 0x06: tag 0, String1; empty
        AssertEncodes("06 03 E4 B8 AD", w => w.WriteString(0, "中"));  // UTF-8 of U+4E2D is 3 bytes: E4 B8 AD

        var a255 = new string('a', 255);
        // 0x06: String1; 0xFF: 255 bytes, still one length byte
        Assert.Equal("06FF" + TarsHex.Of(System.Text.Encoding.ASCII.GetBytes(a255)), Encoded(w => w.WriteString(0, a255)));

        var a256 = new string('a', 256);
        // 0x07: tag 0, String4; 00 00 01 00: length 256 big-endian
        Assert.Equal("0700000100" + TarsHex.Of(System.Text.Encoding.ASCII.GetBytes(a256)), Encoded(w => w.WriteString(0, a256)));

        // 128 two-byte characters are 256 bytes: the boundary counts bytes, not characters
        var utf8Over = new string('é', 128);
        Assert.StartsWith("0700000100", Encoded(w => w.WriteString(0, utf8Over)));
    }

    [Fact]
    public void Tags_from_15_take_a_second_byte()
    {
        AssertEncodes("E0 01", w => w.WriteInt(14, 1));    // 0xE0: tag 14 still fits the nibble, Int8
        AssertEncodes("F0 0F 01", w => w.WriteInt(15, 1)); // 0xF0: nibble 15 = "tag follows", Int8; 0x0F: tag 15
        AssertEncodes("FC 10", w => w.WriteInt(16, 0));    // 0xFC: extended, ZeroTag; 0x10: tag 16
        AssertEncodes("F6 FF 00", w => w.WriteString(255, "")); // 0xF6: extended, String1; 0xFF: tag 255; length 0
        Assert.Throws<ArgumentOutOfRangeException>(() => new TarsWriter().WriteInt(256, 1));
    }

    [Fact]
    public void Maps_write_the_count_at_tag_0_then_keys_at_tag_0_and_values_at_tag_1_in_key_order()
    {
        // 0x98: tag 9, Map; 00 01: count 1 (Int8 at tag 0); 06 01 61: key "a"; 16 01 62: value "b" at tag 1
        AssertEncodes("98 00 01 06 01 61 16 01 62", w => w.WriteStringMap(9, new Dictionary<string, string> { ["a"] = "b" }));
        // 0x98: tag 9, Map; 0x0C: count 0 as ZeroTag
        AssertEncodes("98 0C", w => w.WriteStringMap(9, new Dictionary<string, string>()));
        // keys leave in ordinal order like a std::map: "a" before "b" whatever the insertion order
        AssertEncodes("08 00 02 06 01 61 16 01 31 06 01 62 16 01 32",
            w => w.WriteStringMap(0, new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }));
        // map<string, int>: 0x28 tag 2 Map; count 1; key "k"; 0x10 0x07: value 7 as Int8 at tag 1
        AssertEncodes("28 00 01 06 01 6B 10 07", w => w.WriteMap(2, new[] { KeyValuePair.Create("k", 7) },
            static (x, t, k) => x.WriteString(t, k), static (x, t, v) => x.WriteInt(t, v)));
    }

    [Fact]
    public void Lists_write_the_count_then_each_element_at_tag_0()
    {
        // 0x09: tag 0, List; 00 02: count 2; 06 01 78: "x"; 06 01 79: "y"
        AssertEncodes("09 00 02 06 01 78 06 01 79", w => w.WriteStringList(0, ["x", "y"]));
        // 0x19: tag 1, List; 0x0C: count 0
        AssertEncodes("19 0C", w => w.WriteStringList(1, []));
        // 0x29: tag 2, List; 00 02: count 2; 0x0C: element 0; 01 01 2C: element 300 as Int16
        AssertEncodes("29 00 02 0C 01 01 2C", w => w.WriteList(2, [0, 300], static (x, t, v) => x.WriteInt(t, v)));
        // vector<vector<string>>: outer List, count 1, inner List at tag 0 with count 1 and ""
        AssertEncodes("09 00 01 09 00 01 06 00",
            w => w.WriteList(0, new[] { new[] { "" } }, static (x, t, inner) => x.WriteStringList(t, inner)));
    }

    [Fact]
    public void Byte_arrays_are_SimpleLists_with_an_Int8_head_and_a_length()
    {
        // 0x7D: tag 7, SimpleList; 0x00: Int8 head at tag 0; 00 03: length 3; 01 02 03: the bytes
        AssertEncodes("7D 00 00 03 01 02 03", w => w.WriteBytes(7, [1, 2, 3]));
        // 0x6D: tag 6, SimpleList; 0x00: Int8 head; 0x0C: length 0 as ZeroTag; no bytes
        AssertEncodes("6D 00 0C", w => w.WriteBytes(6, []));
        // 300 bytes: the length 300 takes an Int16 (01 01 2C)
        Assert.StartsWith("0D0001012C", Encoded(w => w.WriteBytes(0, new byte[300])));
    }

    [Fact]
    public void Nested_structs_are_framed_by_StructBegin_at_their_tag_and_StructEnd_at_tag_0()
    {
        // 0x2A: tag 2, StructBegin; 00 01: x = 1 at tag 0; 16 01 70: name "p" at tag 1; 0x0B: StructEnd (tag 0)
        AssertEncodes("2A 00 01 16 01 70 0B", w => w.WriteStruct(2, new SamplePoint(1, "p")));
        // x = 0 is ZeroTag, and an optional name equal to its default "" is left out: 0A 0C 0B
        AssertEncodes("0A 0C 0B", w => w.WriteStruct(0, new SamplePoint(0, "")));
        // 0xFA 0x0F: StructBegin at tag 15
        AssertEncodes("FA 0F 00 02 0B", w => w.WriteStruct(15, new SamplePoint(2, "")));
        // vector<struct>: 0x39 tag 3 List; count 1; 0x0A StructBegin at tag 0; x = 3; 0x0B
        AssertEncodes("39 00 01 0A 00 03 0B", w => w.WriteStructList(3, [new SamplePoint(3, "")]));
    }
}
