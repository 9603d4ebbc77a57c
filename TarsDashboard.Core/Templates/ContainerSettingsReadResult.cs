using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Templates;

/// <summary>Container settings read from a profile, plus the port lines that could not be understood (left out of the settings).</summary>
public sealed record ContainerSettingsReadResult(ContainerSettings Settings, IReadOnlyList<FieldError> Errors);
