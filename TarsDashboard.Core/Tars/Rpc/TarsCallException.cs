namespace TarsDashboard.Core.Tars.Rpc;

/// <summary>A Tars call that did not produce a reply: the base of unreachable, timed out, connection lost and framework errors.</summary>
public abstract class TarsCallException : Exception
{
    protected TarsCallException(string servant, string function, string message, Exception? inner = null)
        : base(message, inner)
    {
        Servant = servant;
        Function = function;
    }

    public string Servant { get; }

    public string Function { get; }
}
