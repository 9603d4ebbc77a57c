using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Templates;

namespace TarsDashboard.Core.Services;

/// <summary>
/// The settings of a service instance the Tars web platform's edit form changes, plus the container part: run mode,
/// image, and the private profile's <c>&lt;container&gt;</c> volumes and ports as rows. Property names are the field
/// names of <see cref="Validation.FieldError"/>s (list rows as <c>Volumes[1].HostPath</c>).
/// </summary>
public sealed class ServiceEditInput
{
    public string TemplateName { get; set; } = "";

    /// <summary>One of <see cref="ServerTypes.All"/>.</summary>
    public string ServerType { get; set; } = "tars_cpp";

    public int AsyncThreadNum { get; set; } = 3;

    /// <summary>bak_flag: the instance is a standby (Tars web's "backup" box).</summary>
    public bool BakFlag { get; set; }

    public string BasePath { get; set; } = "";

    public string ExePath { get; set; } = "";

    public string StartScriptPath { get; set; } = "";

    public string StopScriptPath { get; set; } = "";

    public string MonitorScriptPath { get; set; } = "";

    public bool EnableSet { get; set; }

    public string SetName { get; set; } = "";

    public string SetArea { get; set; } = "";

    /// <summary>A number, as Tars requires for the group part of <c>name.area.group</c>.</summary>
    public string SetGroup { get; set; } = "";

    /// <summary><see cref="RunTypes.Native"/> or <see cref="RunTypes.Container"/>.</summary>
    public string RunType { get; set; } = RunTypes.Native;

    /// <summary>t_base_image.id; required in container mode, kept (0 for none) in native mode.</summary>
    public int BaseImageId { get; set; }

    /// <summary>The private profile's text, minus what <see cref="Volumes"/> and <see cref="Ports"/> replace on save.</summary>
    public string PrivateProfile { get; set; } = "";

    /// <summary>The private profile's <c>&lt;volumes&gt;</c> lines; they replace that section when saved.</summary>
    public List<VolumeMapping> Volumes { get; set; } = [];

    /// <summary>The private profile's <c>&lt;ports&gt;</c> lines; they replace that section when saved.</summary>
    public List<PortMapping> Ports { get; set; } = [];

    /// <summary>Required when the run mode of a running instance changes: the person will stop and start it.</summary>
    public bool RestartAcknowledged { get; set; }

    /// <summary>
    /// The form for <paramref name="row"/>: the profile's volume and port lines move from the text into the rows. Port
    /// lines that cannot be read are in <paramref name="containerRead"/>'s errors and would be dropped by a save. A profile
    /// that does not parse stays as it is (<paramref name="containerRead"/> null) for the person to fix.
    /// </summary>
    public static ServiceEditInput From(ServerConfRow row, out ContainerSettingsReadResult? containerRead)
    {
        ArgumentNullException.ThrowIfNull(row);
        var profile = row.Profile ?? "";
        var parsed = TarsConfigParser.Parse(profile);
        containerRead = parsed.Succeeded ? ContainerSettingsReader.Read(parsed.Document) : null;
        if (parsed.Succeeded && containerRead is { } read
            && (read.Settings.Volumes.Count > 0 || read.Settings.Ports.Count > 0 || read.Errors.Count > 0))
        {
            profile = TarsConfigWriter.Write(ContainerSettingsWriter.Apply(parsed.Document, ContainerSettings.Empty));
        }
        return new ServiceEditInput
        {
            TemplateName = row.TemplateName,
            ServerType = row.ServerType,
            AsyncThreadNum = row.AsyncThreadNum ?? 3,
            BakFlag = row.BakFlag != 0,
            BasePath = row.BasePath ?? "",
            ExePath = row.ExePath,
            StartScriptPath = row.StartScriptPath ?? "",
            StopScriptPath = row.StopScriptPath ?? "",
            MonitorScriptPath = row.MonitorScriptPath ?? "",
            EnableSet = row.EnableSet == "Y",
            SetName = row.SetName ?? "",
            SetArea = row.SetArea ?? "",
            SetGroup = row.SetGroup ?? "",
            RunType = RunTypes.Normalize(row.RunType),
            BaseImageId = row.BaseImageId ?? 0,
            PrivateProfile = profile,
            Volumes = [.. containerRead?.Settings.Volumes ?? []],
            Ports = [.. containerRead?.Settings.Ports ?? []],
        };
    }

    public static ServiceEditInput From(ServerConfRow row) => From(row, out _);

    public ContainerSettings ContainerSettings => new() { Volumes = [.. Volumes], Ports = [.. Ports] };

    /// <summary>A deep copy, so a save works on what was submitted while the form keeps changing.</summary>
    public ServiceEditInput Copy()
    {
        var copy = (ServiceEditInput)MemberwiseClone();
        copy.Volumes = [.. Volumes];
        copy.Ports = [.. Ports];
        return copy;
    }
}
