using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Tests.Tars;

/// <summary>
/// A test struct with a field of every kind; its last field is required, so any truncation of its encoding
/// must fail to decode.
/// </summary>
internal sealed record SampleEverything : ITarsStruct<SampleEverything>
{
    public bool Flag { get; init; }
    public sbyte Small { get; init; }
    public short Medium { get; init; }
    public int Number { get; init; }
    public long Big { get; init; }
    public float Ratio { get; init; }
    public double Precise { get; init; }
    public string Text { get; init; } = "";
    public byte[] Blob { get; init; } = [];
    public IReadOnlyList<string> Names { get; init; } = [];
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public SamplePoint Point { get; init; } = new(0, "");
    public IReadOnlyList<SamplePoint> Points { get; init; } = [];
    public string LongText { get; init; } = "";
    public int Last { get; init; }

    public void WriteTo(TarsWriter writer)
    {
        writer.WriteBool(0, Flag);
        writer.WriteByte(1, Small);
        writer.WriteShort(2, Medium);
        writer.WriteInt(3, Number);
        writer.WriteLong(4, Big);
        writer.WriteFloat(5, Ratio);
        writer.WriteDouble(6, Precise);
        writer.WriteString(7, Text);
        writer.WriteBytes(8, Blob);
        writer.WriteStringList(9, Names);
        writer.WriteStringMap(10, Labels);
        writer.WriteStruct(11, Point);
        writer.WriteStructList(12, Points);
        writer.WriteString(20, LongText);
        writer.WriteInt(30, Last);
    }

    public static SampleEverything ReadFrom(TarsReader reader) => new()
    {
        Flag = reader.ReadBool(0, required: true),
        Small = reader.ReadByte(1, required: true),
        Medium = reader.ReadShort(2, required: true),
        Number = reader.ReadInt(3, required: true),
        Big = reader.ReadLong(4, required: true),
        Ratio = reader.ReadFloat(5, required: true),
        Precise = reader.ReadDouble(6, required: true),
        Text = reader.ReadString(7, required: true),
        Blob = reader.ReadBytes(8, required: true),
        Names = reader.ReadStringList(9, required: true),
        Labels = reader.ReadStringMap(10, required: true),
        Point = reader.ReadStruct<SamplePoint>(11),
        Points = reader.ReadStructList<SamplePoint>(12, required: true),
        LongText = reader.ReadString(20, required: true),
        Last = reader.ReadInt(30, required: true),
    };

    /// <summary>A value that uses every width and form at least once.</summary>
    public static SampleEverything Rich() => new()
    {
        Flag = true,
        Small = -5,
        Medium = -300,
        Number = 70000,
        Big = 1L << 40,
        Ratio = 0.25f,
        Precise = -1e100,
        Text = "héllo",
        Blob = [0, 1, 2, 255],
        Names = ["a", "", new string('n', 300)],
        Labels = new Dictionary<string, string> { ["k1"] = "v1", ["k2"] = "" },
        Point = new SamplePoint(-1, "inner"),
        Points = [new SamplePoint(1, "one"), new SamplePoint(0, "")],
        LongText = new string('x', 1000),
        Last = 123456,
    };
}
