using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TarsDashboard.Core.Tars.Codec;

/// <summary>
/// Encodes Tars fields the way TarsCpp's encoder does: integers in the smallest width that holds them (0 as ZeroTag),
/// strings of up to 255 bytes as String1, byte arrays as SimpleList, everything big-endian.
/// </summary>
public sealed class TarsWriter
{
    /// <summary>The longest string either side accepts (TarsCpp's TARS_MAX_STRING_LENGTH, 100 MB).</summary>
    public const int MaxStringBytes = 100 * 1024 * 1024;

    private readonly ArrayBufferWriter<byte> _buffer;

    public TarsWriter(int initialCapacity = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(Math.Max(initialCapacity, 16));
    }

    /// <summary>How many bytes have been written so far.</summary>
    public int Length => _buffer.WrittenCount;

    /// <summary>The bytes written so far (valid until the next write).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void WriteBool(int tag, bool value) => WriteByte(tag, value ? (sbyte)1 : (sbyte)0);

    /// <summary>The IDL's <c>byte</c> (a signed char in TarsCpp).</summary>
    public void WriteByte(int tag, sbyte value)
    {
        if (value == 0)
        {
            WriteHead(tag, TarsHeadType.ZeroTag);
            return;
        }

        WriteHead(tag, TarsHeadType.Int8);
        Put((byte)value);
    }

    public void WriteShort(int tag, short value)
    {
        if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            WriteByte(tag, (sbyte)value);
            return;
        }

        WriteHead(tag, TarsHeadType.Int16);
        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);
    }

    public void WriteInt(int tag, int value)
    {
        if (value is >= short.MinValue and <= short.MaxValue)
        {
            WriteShort(tag, (short)value);
            return;
        }

        WriteHead(tag, TarsHeadType.Int32);
        BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
    }

    public void WriteLong(int tag, long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            WriteInt(tag, (int)value);
            return;
        }

        WriteHead(tag, TarsHeadType.Int64);
        BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);
    }

    /// <summary>Always a Float head, even for 0: TarsCpp never writes ZeroTag for floating point.</summary>
    public void WriteFloat(int tag, float value)
    {
        WriteHead(tag, TarsHeadType.Float);
        BinaryPrimitives.WriteSingleBigEndian(Reserve(4), value);
    }

    public void WriteDouble(int tag, double value)
    {
        WriteHead(tag, TarsHeadType.Double);
        BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), value);
    }

    /// <summary>A string as UTF-8: String1 up to 255 bytes, String4 above.</summary>
    public void WriteString(int tag, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount > MaxStringBytes)
        {
            throw new ArgumentException($"A Tars string holds at most {MaxStringBytes} bytes; this one has {byteCount}.", nameof(value));
        }

        if (byteCount <= byte.MaxValue)
        {
            WriteHead(tag, TarsHeadType.String1);
            Put((byte)byteCount);
        }
        else
        {
            WriteHead(tag, TarsHeadType.String4);
            BinaryPrimitives.WriteInt32BigEndian(Reserve(4), byteCount);
        }

        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
    }

    /// <summary><c>vector&lt;byte&gt;</c> as a SimpleList: its head, an Int8 head at tag 0, the length at tag 0, the bytes.</summary>
    public void WriteBytes(int tag, ReadOnlySpan<byte> value)
    {
        WriteHead(tag, TarsHeadType.SimpleList);
        WriteHead(0, TarsHeadType.Int8);
        WriteInt(0, value.Length);
        value.CopyTo(Reserve(value.Length));
    }

    /// <summary>A nested struct: StructBegin at the tag, its fields, StructEnd (at tag 0).</summary>
    public void WriteStruct<T>(int tag, T value) where T : ITarsStruct<T>
    {
        ArgumentNullException.ThrowIfNull(value);
        WriteHead(tag, TarsHeadType.StructBegin);
        value.WriteTo(this);
        WriteHead(0, TarsHeadType.StructEnd);
    }

    /// <summary>A <c>vector&lt;T&gt;</c>: List head, the count at tag 0, then every element at tag 0.</summary>
    public void WriteList<T>(int tag, IReadOnlyCollection<T> items, TarsElementWriter<T> writeItem)
    {
        ArgumentNullException.ThrowIfNull(items);
        WriteHead(tag, TarsHeadType.List);
        WriteInt(0, items.Count);
        foreach (var item in items)
        {
            writeItem(this, 0, item);
        }
    }

    /// <summary>A <c>map&lt;K, V&gt;</c>: Map head, the count at tag 0, then key at tag 0 and value at tag 1 per entry.</summary>
    public void WriteMap<TKey, TValue>(int tag, IReadOnlyCollection<KeyValuePair<TKey, TValue>> entries,
        TarsElementWriter<TKey> writeKey, TarsElementWriter<TValue> writeValue)
    {
        ArgumentNullException.ThrowIfNull(entries);
        WriteHead(tag, TarsHeadType.Map);
        WriteInt(0, entries.Count);
        foreach (var (key, value) in entries)
        {
            writeKey(this, 0, key);
            writeValue(this, 1, value);
        }
    }

    public void WriteStringList(int tag, IReadOnlyCollection<string> items) =>
        WriteList(tag, items, static (writer, itemTag, item) => writer.WriteString(itemTag, item));

    public void WriteStructList<T>(int tag, IReadOnlyCollection<T> items) where T : ITarsStruct<T> =>
        WriteList(tag, items, static (writer, itemTag, item) => writer.WriteStruct(itemTag, item));

    /// <summary>A <c>map&lt;string, string&gt;</c> with its keys in ordinal order, as a C++ <c>std::map</c> sends them.</summary>
    public void WriteStringMap(int tag, IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var ordered = map.OrderBy(entry => entry.Key, StringComparer.Ordinal).ToList();
        WriteMap(tag, ordered,
            static (writer, keyTag, key) => writer.WriteString(keyTag, key),
            static (writer, valueTag, value) => writer.WriteString(valueTag, value));
    }

    // Optional fields: TarsCpp's generated writeTo leaves out an optional field that equals its default (an empty
    // container for lists and maps). Optional bools, enums and structs have no such check and are always written.

    /// <summary>An optional int, left out when it equals its IDL default.</summary>
    public void WriteOptionalInt(int tag, int value, int defaultValue = 0)
    {
        if (value != defaultValue)
        {
            WriteInt(tag, value);
        }
    }

    /// <summary>An optional string, left out when it equals its IDL default.</summary>
    public void WriteOptionalString(int tag, string value, string defaultValue = "")
    {
        if (!string.Equals(value, defaultValue, StringComparison.Ordinal))
        {
            WriteString(tag, value);
        }
    }

    /// <summary>An optional <c>vector&lt;string&gt;</c>, left out when empty.</summary>
    public void WriteOptionalStringList(int tag, IReadOnlyCollection<string> items)
    {
        if (items.Count > 0)
        {
            WriteStringList(tag, items);
        }
    }

    /// <summary>An optional <c>vector&lt;struct&gt;</c>, left out when empty.</summary>
    public void WriteOptionalStructList<T>(int tag, IReadOnlyCollection<T> items) where T : ITarsStruct<T>
    {
        if (items.Count > 0)
        {
            WriteStructList(tag, items);
        }
    }

    /// <summary>An optional <c>map&lt;string, string&gt;</c>, left out when empty.</summary>
    public void WriteOptionalStringMap(int tag, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count > 0)
        {
            WriteStringMap(tag, map);
        }
    }

    /// <summary>A field head: one byte <c>tag &lt;&lt; 4 | type</c>, or <c>0xF0 | type</c> and the tag byte when tag ≥ 15.</summary>
    public void WriteHead(int tag, TarsHeadType type)
    {
        if ((uint)tag > byte.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(tag), tag, "A Tars tag is 0-255.");
        }

        if (tag < 15)
        {
            Put((byte)((tag << 4) | (byte)type));
            return;
        }

        var head = Reserve(2);
        head[0] = (byte)(0xF0 | (byte)type);
        head[1] = (byte)tag;
    }

    private void Put(byte value) => Reserve(1)[0] = value;

    private Span<byte> Reserve(int count)
    {
        var span = _buffer.GetSpan(count)[..count];
        _buffer.Advance(count);
        return span;
    }
}
