namespace TarsDashboard.Core.Validation;

/// <summary>Someone else saved the record after it was loaded; the caller's change was not written.</summary>
public sealed class ConcurrencyConflictException(string what)
    : Exception($"{what} was changed by someone else after you opened it. Reload and apply your change again.")
{
    public string What { get; } = what;
}
