namespace TarsDashboard.Core.Tars.Codec;

/// <summary>
/// A Tars IDL struct: writes its fields at their IDL tags and reads itself back. The struct's own
/// StructBegin/StructEnd heads are written by whoever embeds it (<see cref="TarsWriter.WriteStruct{T}"/>).
/// </summary>
public interface ITarsStruct<TSelf> where TSelf : ITarsStruct<TSelf>
{
    /// <summary>Writes the fields, in tag order, without a StructBegin/StructEnd around them.</summary>
    void WriteTo(TarsWriter writer);

    /// <summary>Reads the fields in tag order; unknown fields are skipped.</summary>
    static abstract TSelf ReadFrom(TarsReader reader);
}
