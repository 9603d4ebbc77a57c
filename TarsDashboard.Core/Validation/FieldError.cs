namespace TarsDashboard.Core.Validation;

/// <summary>
/// A problem with one input field. <see cref="Code"/> is a resource key the UI localizes (with <see cref="Arguments"/>);
/// <see cref="Message"/> is the English text for APIs and logs.
/// </summary>
public sealed record FieldError(string Field, string Code, string Message, params object[] Arguments);
