using TarsDashboard.Core.Tars.Codec;

namespace TarsDashboard.Tests.Tars;

/// <summary>A tiny test struct: <c>0 require int x; 1 optional string name;</c>.</summary>
internal sealed record SamplePoint(int X, string Name) : ITarsStruct<SamplePoint>
{
    public void WriteTo(TarsWriter writer)
    {
        writer.WriteInt(0, X);
        if (Name.Length > 0)
        {
            writer.WriteString(1, Name);
        }
    }

    public static SamplePoint ReadFrom(TarsReader reader) =>
        new(reader.ReadInt(0, required: true), reader.ReadString(1, required: false));
}
