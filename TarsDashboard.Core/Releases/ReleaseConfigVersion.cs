namespace TarsDashboard.Core.Releases;

/// <summary>One config file of the service as a release found it: which file and which of its history versions.</summary>
/// <param name="ConfigId"><c>t_config_files.id</c>.</param>
/// <param name="HistoryId">The <c>t_config_history_files.id</c> whose content the file had; null when it had no history row.</param>
/// <param name="Md5">The md5 of the file's text then, to show whether it changed since.</param>
public sealed record ReleaseConfigVersion(int ConfigId, string FileName, int Level, string Host, int? HistoryId, string Md5);
