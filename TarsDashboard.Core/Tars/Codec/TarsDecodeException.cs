namespace TarsDashboard.Core.Tars.Codec;

/// <summary>Bytes that are not a valid Tars encoding of what was expected (truncated, wrong type, over a limit).</summary>
public sealed class TarsDecodeException : Exception
{
    public TarsDecodeException(string message) : base(message)
    {
    }

    public TarsDecodeException(string message, Exception inner) : base(message, inner)
    {
    }
}
