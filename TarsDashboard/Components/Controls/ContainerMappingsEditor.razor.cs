using Microsoft.AspNetCore.Components;
using TarsDashboard.Core.Templates;

namespace TarsDashboard.Components.Controls;

/// <summary>
/// Edits container volumes and ports as rows, in place in the lists it is given. The page owns the messages (by field name,
/// <c>Volumes[1].HostPath</c>, <c>Ports[0].HostIp</c>) and learns of every change, so it can drop stale messages and re-preview.
/// </summary>
public sealed partial class ContainerMappingsEditor
{
    [Parameter, EditorRequired]
    public List<VolumeMapping> Volumes { get; set; } = [];

    [Parameter, EditorRequired]
    public List<PortMapping> Ports { get; set; } = [];

    /// <summary>Volumes the template already mounts, shown for reference.</summary>
    [Parameter]
    public IReadOnlyList<VolumeMapping> Inherited { get; set; } = [];

    [Parameter]
    public string TemplateName { get; set; } = "";

    /// <summary>The message of a row field, or null.</summary>
    [Parameter]
    public Func<string, string?> ErrorFor { get; set; } = _ => null;

    [Parameter]
    public bool ReadOnly { get; set; }

    [Parameter]
    public bool Disabled { get; set; }

    /// <summary>A row field changed: <c>Volumes[i].HostPath</c>, <c>Volumes[i].ContainerPath</c>, or <c>Ports[i]</c> for any part of a port.</summary>
    [Parameter]
    public EventCallback<string> FieldChanged { get; set; }

    /// <summary>A row was added or removed: messages keyed by index no longer match their rows.</summary>
    [Parameter]
    public EventCallback RowsChanged { get; set; }

    private bool HasError(string field) => ErrorFor(field) is not null;

    public static string VolumeField(int index, string part) => $"Volumes[{index}].{part}";

    public static string PortField(int index, string part) => $"Ports[{index}].{part}";

    private Task SetVolumeAsync(int index, string? hostPath, string? containerPath)
    {
        var volume = Volumes[index];
        Volumes[index] = new VolumeMapping(hostPath ?? volume.HostPath, containerPath ?? volume.ContainerPath);
        return FieldChanged.InvokeAsync(VolumeField(index, hostPath is null ? nameof(VolumeMapping.ContainerPath) : nameof(VolumeMapping.HostPath)));
    }

    private Task SetPortAsync(int index, Func<PortMapping, PortMapping> change)
    {
        Ports[index] = change(Ports[index]);
        return FieldChanged.InvokeAsync($"Ports[{index}]");
    }

    private Task AddVolumeAsync()
    {
        Volumes.Add(new VolumeMapping("", ""));
        return RowsChanged.InvokeAsync();
    }

    private Task RemoveVolumeAsync(int index)
    {
        Volumes.RemoveAt(index);
        return RowsChanged.InvokeAsync();
    }

    private Task AddPortAsync()
    {
        Ports.Add(new PortMapping(0, "tcp", "", 0));
        return RowsChanged.InvokeAsync();
    }

    private Task RemovePortAsync(int index)
    {
        Ports.RemoveAt(index);
        return RowsChanged.InvokeAsync();
    }
}
