namespace TarsDashboard.Core.Logs;

/// <summary>A top-level key of a JSON log line and its value as shown folded: strings unquoted, objects and arrays abbreviated.</summary>
public readonly record struct JsonLogField(string Key, string Value);
