namespace TarsDashboard.Core.Services;

/// <summary>One service instance as the service tree lists it: just what a row shows and filters on.</summary>
/// <param name="SetDivision"><c>name.area.group</c> when SET is enabled (<c>enable_set = 'Y'</c>), else null.</param>
/// <param name="RunType"><see cref="RunTypes.Native"/> or <see cref="RunTypes.Container"/>.</param>
/// <param name="Image">The image reference of <paramref name="BaseImageId"/>, or null when there is none (or it was deleted).</param>
public sealed record ServiceInstanceSummary(
    int Id,
    string Application,
    string ServerName,
    string NodeName,
    string? SetDivision,
    string PresentState,
    string SettingState,
    string RunType,
    int BaseImageId,
    string? Image,
    string ServerType)
{
    public string ServiceId => $"{Application}.{ServerName}";

    public bool IsContainer => RunType == RunTypes.Container;
}
