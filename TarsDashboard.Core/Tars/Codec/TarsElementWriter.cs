namespace TarsDashboard.Core.Tars.Codec;

/// <summary>Writes one list element, map key or map value at the given tag.</summary>
public delegate void TarsElementWriter<in T>(TarsWriter writer, int tag, T value);
