namespace TarsDashboard.Core.Validation;

/// <summary>Thrown by Core services when input is refused; nothing has been stored when it is thrown.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldError> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public ValidationFailedException(FieldError error) : this([error])
    {
    }

    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public FieldError? For(string field) => Errors.FirstOrDefault(e => e.Field == field);
}
