using TarsDashboard.Core.Validation;

namespace TarsDashboard.Model;

/// <summary>
/// One step of a wizard: its name (the hook its view finds it by), the fields it owns — a field <c>Adapters</c> also owns
/// <c>Adapters[0].ObjName</c>, so messages about list rows land on the step — and the Core check that must pass before Next.
/// A check refuses by returning errors or by throwing <see cref="ValidationFailedException"/>.
/// </summary>
public sealed record WizardStepDefinition(string Name, IReadOnlyCollection<string> Fields, Func<Task<IReadOnlyList<FieldError>>>? Check = null)
{
    public bool Owns(string field) => Fields.Any(f => field == f
        || (field.Length > f.Length && field.StartsWith(f, StringComparison.Ordinal) && field[f.Length] is '[' or '.'));
}
