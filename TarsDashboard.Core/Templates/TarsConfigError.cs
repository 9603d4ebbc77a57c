namespace TarsDashboard.Core.Templates;

/// <summary>
/// A syntax problem in a Tars config text at a 1-based <see cref="Line"/>. <see cref="Code"/> is a resource key the UI
/// localizes (with <see cref="Arguments"/>); <see cref="Message"/> is the English text.
/// </summary>
public sealed record TarsConfigError(int Line, string Code, string Message, params object[] Arguments)
{
    public override string ToString() => $"Line {Line}: {Message}";
}
