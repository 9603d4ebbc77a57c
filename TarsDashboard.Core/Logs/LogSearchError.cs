namespace TarsDashboard.Core.Logs;

/// <summary>
/// Why a search pattern was refused, to show beside the search field. <see cref="Code"/> is a resource key the UI
/// localizes; <see cref="Message"/> is English text with the engine's detail, for APIs and logs.
/// </summary>
public sealed record LogSearchError(string Code, string Message);
