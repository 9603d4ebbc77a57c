namespace TarsDashboard.Core.Tars.Codec;

/// <summary>Reads one required list element, map key or map value at the given tag.</summary>
public delegate T TarsElementReader<out T>(TarsReader reader, int tag);
