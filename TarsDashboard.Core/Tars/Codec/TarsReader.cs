using System.Buffers.Binary;
using System.Text;

namespace TarsDashboard.Core.Tars.Codec;

/// <summary>
/// Decodes Tars fields by tag, in increasing tag order as the IDL declares them: fields of lower tags that the
/// caller does not ask for (a newer peer's additions) are skipped, integers of any narrower width are accepted.
/// Hostile input fails with <see cref="TarsDecodeException"/>: every length is checked against the bytes left
/// before anything is allocated or skipped, and containers nest at most <see cref="MaxDepth"/> deep.
/// </summary>
public sealed class TarsReader
{
    /// <summary>How deep structs, lists and maps may nest (the framework's own IDL needs about 4).</summary>
    public const int DefaultMaxDepth = 64;

    private readonly ReadOnlyMemory<byte> _data;
    private int _position;
    private int _depth;

    public TarsReader(ReadOnlyMemory<byte> data, int maxDepth = DefaultMaxDepth)
    {
        _data = data;
        MaxDepth = maxDepth;
    }

    public int MaxDepth { get; }

    public int Position => _position;

    public int Remaining => _data.Length - _position;

    public bool IsAtEnd => _position >= _data.Length;

    public bool ReadBool(int tag, bool required, bool defaultValue = false)
    {
        // A bool travels as the IDL's byte (TarsCpp reads it as a char: ZeroTag or Int8 only).
        return ReadInteger(tag, required, defaultValue ? 1 : 0, TarsHeadType.Int8, "bool") != 0;
    }

    public sbyte ReadByte(int tag, bool required, sbyte defaultValue = 0) =>
        (sbyte)ReadInteger(tag, required, defaultValue, TarsHeadType.Int8, "byte");

    public short ReadShort(int tag, bool required, short defaultValue = 0) =>
        (short)ReadInteger(tag, required, defaultValue, TarsHeadType.Int16, "short");

    public int ReadInt(int tag, bool required, int defaultValue = 0) =>
        (int)ReadInteger(tag, required, defaultValue, TarsHeadType.Int32, "int");

    public long ReadLong(int tag, bool required, long defaultValue = 0) =>
        ReadInteger(tag, required, defaultValue, TarsHeadType.Int64, "long");

    public float ReadFloat(int tag, bool required, float defaultValue = 0)
    {
        if (!SeekTag(tag, out var type))
        {
            return Missing(tag, required, defaultValue, "float");
        }

        return type switch
        {
            TarsHeadType.ZeroTag => 0,
            TarsHeadType.Float => BinaryPrimitives.ReadSingleBigEndian(Take(4)),
            _ => throw Mismatch(tag, type, "float"),
        };
    }

    public double ReadDouble(int tag, bool required, double defaultValue = 0)
    {
        if (!SeekTag(tag, out var type))
        {
            return Missing(tag, required, defaultValue, "double");
        }

        return type switch
        {
            TarsHeadType.ZeroTag => 0,
            TarsHeadType.Float => BinaryPrimitives.ReadSingleBigEndian(Take(4)),
            TarsHeadType.Double => BinaryPrimitives.ReadDoubleBigEndian(Take(8)),
            _ => throw Mismatch(tag, type, "double"),
        };
    }

    /// <summary>A String1 or String4 field as UTF-8 (invalid sequences become U+FFFD rather than failing).</summary>
    public string ReadString(int tag, bool required, string defaultValue = "")
    {
        if (!SeekTag(tag, out var type))
        {
            return Missing(tag, required, defaultValue, "string");
        }

        var length = type switch
        {
            TarsHeadType.String1 => Take(1)[0],
            TarsHeadType.String4 => ReadStringLength(tag),
            _ => throw Mismatch(tag, type, "string"),
        };
        return Encoding.UTF8.GetString(Take(length, tag));
    }

    /// <summary>A <c>vector&lt;byte&gt;</c>: a SimpleList, or (as TarsCpp also accepts) a List of Int8 elements.</summary>
    public byte[] ReadBytes(int tag, bool required)
    {
        if (!SeekTag(tag, out var type))
        {
            return Missing(tag, required, Array.Empty<byte>(), "vector<byte>");
        }

        switch (type)
        {
            case TarsHeadType.SimpleList:
            {
                var (innerType, _, headLength) = PeekHead();
                if (innerType != TarsHeadType.Int8)
                {
                    throw new TarsDecodeException($"Tag {tag}: a SimpleList must hold bytes (Int8), not {innerType}.");
                }

                _position += headLength;
                var length = ReadCount(tag, 1);
                return Take(length, tag).ToArray();
            }
            case TarsHeadType.List:
            {
                Enter(tag);
                var count = ReadCount(tag, 1);
                var bytes = new byte[count];
                for (var i = 0; i < count; i++)
                {
                    bytes[i] = (byte)ReadByte(0, required: true);
                }

                Leave();
                return bytes;
            }
            default:
                throw Mismatch(tag, type, "vector<byte>");
        }
    }

    /// <summary>A required nested struct.</summary>
    public T ReadStruct<T>(int tag) where T : ITarsStruct<T>
    {
        if (!SeekTag(tag, out var type))
        {
            throw new TarsDecodeException($"Required field at tag {tag} (struct {typeof(T).Name}) is missing.");
        }

        return ReadStructBody<T>(tag, type);
    }

    /// <summary>An optional nested struct; null when absent.</summary>
    public T? ReadOptionalStruct<T>(int tag) where T : class, ITarsStruct<T>
    {
        return SeekTag(tag, out var type) ? ReadStructBody<T>(tag, type) : null;
    }

    public IReadOnlyList<T> ReadList<T>(int tag, bool required, TarsElementReader<T> readItem)
    {
        if (!SeekTag(tag, out var type))
        {
            return Missing<IReadOnlyList<T>>(tag, required, Array.Empty<T>(), "vector");
        }

        if (type != TarsHeadType.List)
        {
            throw Mismatch(tag, type, "vector");
        }

        Enter(tag);
        // Every element takes at least one byte (a ZeroTag head), which bounds the count by the bytes left.
        var count = ReadCount(tag, 1);
        var items = new List<T>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            items.Add(readItem(this, 0));
        }

        Leave();
        return items;
    }

    /// <summary>A map; a key that repeats keeps its first value, as a C++ <c>std::map::insert</c> does.</summary>
    public IReadOnlyDictionary<TKey, TValue> ReadMap<TKey, TValue>(int tag, bool required,
        TarsElementReader<TKey> readKey, TarsElementReader<TValue> readValue) where TKey : notnull
    {
        if (!SeekTag(tag, out var type))
        {
            return Missing<IReadOnlyDictionary<TKey, TValue>>(tag, required, new Dictionary<TKey, TValue>(), "map");
        }

        if (type != TarsHeadType.Map)
        {
            throw Mismatch(tag, type, "map");
        }

        Enter(tag);
        // A key and a value take at least one byte each.
        var count = ReadCount(tag, 2);
        var map = new Dictionary<TKey, TValue>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            var key = readKey(this, 0);
            var value = readValue(this, 1);
            map.TryAdd(key, value);
        }

        Leave();
        return map;
    }

    public IReadOnlyList<string> ReadStringList(int tag, bool required) =>
        ReadList(tag, required, static (reader, itemTag) => reader.ReadString(itemTag, required: true));

    public IReadOnlyList<T> ReadStructList<T>(int tag, bool required) where T : ITarsStruct<T> =>
        ReadList(tag, required, static (reader, itemTag) => reader.ReadStruct<T>(itemTag));

    public IReadOnlyDictionary<string, string> ReadStringMap(int tag, bool required) =>
        ReadMap(tag, required,
            static (reader, keyTag) => reader.ReadString(keyTag, required: true),
            static (reader, valueTag) => reader.ReadString(valueTag, required: true));

    /// <summary>Skips whatever fields are left in the current struct and its StructEnd.</summary>
    public void SkipToStructEnd()
    {
        while (true)
        {
            if (IsAtEnd)
            {
                throw new TarsDecodeException($"A struct is not closed: no StructEnd before the end at byte {_position}.");
            }

            var (type, _, headLength) = PeekHead();
            _position += headLength;
            if (type == TarsHeadType.StructEnd)
            {
                return;
            }

            SkipValue(type, 0);
        }
    }

    private T ReadStructBody<T>(int tag, TarsHeadType type) where T : ITarsStruct<T>
    {
        if (type != TarsHeadType.StructBegin)
        {
            throw Mismatch(tag, type, $"struct {typeof(T).Name}");
        }

        Enter(tag);
        var value = T.ReadFrom(this);
        SkipToStructEnd();
        Leave();
        return value;
    }

    private long ReadInteger(int tag, bool required, long defaultValue, TarsHeadType widest, string what)
    {
        if (!SeekTag(tag, out var type))
        {
            return Missing(tag, required, defaultValue, what);
        }

        if (type == TarsHeadType.ZeroTag)
        {
            return 0;
        }

        // A wider target accepts every narrower width; a narrower one refuses a wider head (TarsCpp does too).
        if (type > widest)
        {
            throw Mismatch(tag, type, what);
        }

        return type switch
        {
            TarsHeadType.Int8 => (sbyte)Take(1)[0],
            TarsHeadType.Int16 => BinaryPrimitives.ReadInt16BigEndian(Take(2)),
            TarsHeadType.Int32 => BinaryPrimitives.ReadInt32BigEndian(Take(4)),
            TarsHeadType.Int64 => BinaryPrimitives.ReadInt64BigEndian(Take(8)),
            _ => throw Mismatch(tag, type, what),
        };
    }

    /// <summary>
    /// Moves to the field with this tag and consumes its head. Fields with lower tags are skipped; a higher tag,
    /// the StructEnd of the current struct or the end of the data means "absent" (nothing is consumed then).
    /// </summary>
    private bool SeekTag(int tag, out TarsHeadType type)
    {
        while (!IsAtEnd)
        {
            var (headType, headTag, headLength) = PeekHead();
            if (headType == TarsHeadType.StructEnd || headTag > tag)
            {
                break;
            }

            _position += headLength;
            if (headTag == tag)
            {
                type = headType;
                return true;
            }

            SkipValue(headType, headTag);
        }

        type = default;
        return false;
    }

    private void SkipValue(TarsHeadType type, int tag)
    {
        switch (type)
        {
            case TarsHeadType.Int8:
                Take(1, tag);
                break;
            case TarsHeadType.Int16:
                Take(2, tag);
                break;
            case TarsHeadType.Int32:
            case TarsHeadType.Float:
                Take(4, tag);
                break;
            case TarsHeadType.Int64:
            case TarsHeadType.Double:
                Take(8, tag);
                break;
            case TarsHeadType.String1:
                Take(Take(1, tag)[0], tag);
                break;
            case TarsHeadType.String4:
                Take(ReadStringLength(tag), tag);
                break;
            case TarsHeadType.Map:
            case TarsHeadType.List:
            {
                Enter(tag);
                var perItem = type == TarsHeadType.Map ? 2 : 1;
                var fields = (long)ReadCount(tag, perItem) * perItem;
                for (long i = 0; i < fields; i++)
                {
                    SkipField();
                }

                Leave();
                break;
            }
            case TarsHeadType.SimpleList:
            {
                var (innerType, _, headLength) = PeekHead();
                if (innerType != TarsHeadType.Int8)
                {
                    throw new TarsDecodeException($"Tag {tag}: a SimpleList must hold bytes (Int8), not {innerType}.");
                }

                _position += headLength;
                Take(ReadCount(tag, 1), tag);
                break;
            }
            case TarsHeadType.StructBegin:
                Enter(tag);
                SkipToStructEnd();
                Leave();
                break;
            case TarsHeadType.StructEnd:
            case TarsHeadType.ZeroTag:
                break;
            default:
                throw new TarsDecodeException($"Tag {tag}: unknown head type {(int)type} at byte {_position}.");
        }
    }

    private void SkipField()
    {
        var (type, tag, headLength) = PeekHead();
        _position += headLength;
        SkipValue(type, tag);
    }

    private (TarsHeadType Type, int Tag, int Length) PeekHead()
    {
        var span = _data.Span;
        if (_position >= span.Length)
        {
            throw new TarsDecodeException($"The data ends at byte {_position} where a field head was expected.");
        }

        var head = span[_position];
        var type = (TarsHeadType)(head & 0x0F);
        var tag = head >> 4;
        if (tag != 15)
        {
            return (type, tag, 1);
        }

        if (_position + 1 >= span.Length)
        {
            throw new TarsDecodeException($"The data ends at byte {_position + 1} inside a two-byte field head.");
        }

        return (type, span[_position + 1], 2);
    }

    /// <summary>A container's element count (an integer at tag 0), bounded by what the bytes left can hold.</summary>
    private int ReadCount(int tag, int minBytesPerItem)
    {
        var count = ReadInteger(0, required: true, 0, TarsHeadType.Int64, "length");
        if (count < 0 || count > Remaining / minBytesPerItem)
        {
            throw new TarsDecodeException(
                $"Tag {tag}: a length of {count} does not fit in the {Remaining} bytes left.");
        }

        return (int)count;
    }

    private int ReadStringLength(int tag)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(Take(4, tag));
        if (length > TarsWriter.MaxStringBytes || length > Remaining)
        {
            throw new TarsDecodeException($"Tag {tag}: a string of {length} bytes does not fit in the {Remaining} bytes left.");
        }

        return (int)length;
    }

    private ReadOnlySpan<byte> Take(int count, int tag = -1)
    {
        if (count > Remaining)
        {
            throw new TarsDecodeException(
                $"{(tag >= 0 ? $"Tag {tag}: " : "")}{count} bytes are needed at byte {_position}, {Remaining} are left.");
        }

        var span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    private void Enter(int tag)
    {
        if (++_depth > MaxDepth)
        {
            throw new TarsDecodeException($"Tag {tag}: structs, lists and maps nest deeper than {MaxDepth}.");
        }
    }

    private void Leave() => _depth--;

    private static T Missing<T>(int tag, bool required, T defaultValue, string what)
    {
        return required
            ? throw new TarsDecodeException($"Required field at tag {tag} ({what}) is missing.")
            : defaultValue;
    }

    private static TarsDecodeException Mismatch(int tag, TarsHeadType type, string what) =>
        new($"Tag {tag}: expected {what} but the field is {type}.");
}
