namespace TarsDashboard.Core.Tars.Codec;

/// <summary>The type nibble of a Tars field head (the low 4 bits of the head byte).</summary>
public enum TarsHeadType : byte
{
    /// <summary>1-byte signed integer; also bool and the IDL's <c>byte</c>.</summary>
    Int8 = 0,
    Int16 = 1,
    Int32 = 2,
    Int64 = 3,
    Float = 4,
    Double = 5,

    /// <summary>String with a 1-byte length (0-255 bytes).</summary>
    String1 = 6,

    /// <summary>String with a 4-byte big-endian length (more than 255 bytes).</summary>
    String4 = 7,

    /// <summary>Length at tag 0, then key (tag 0) / value (tag 1) pairs.</summary>
    Map = 8,

    /// <summary>Length at tag 0, then the elements at tag 0.</summary>
    List = 9,

    StructBegin = 10,
    StructEnd = 11,

    /// <summary>Any number (integer or floating point) whose value is 0; no payload.</summary>
    ZeroTag = 12,

    /// <summary><c>vector&lt;byte&gt;</c>: an Int8 head at tag 0, the length at tag 0, then the raw bytes.</summary>
    SimpleList = 13,
}
