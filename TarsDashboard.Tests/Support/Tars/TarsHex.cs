namespace TarsDashboard.Tests.Tars;

/// <summary>Byte vectors written as spaced hex ("1C 2D 00") so each byte can carry its derivation beside it.</summary>
internal static class TarsHex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);

    /// <summary>Concatenates vectors and raw filler (e.g. 256 bytes of 'a').</summary>
    public static byte[] Join(params byte[][] parts) => parts.SelectMany(part => part).ToArray();
}
