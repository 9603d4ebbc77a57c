using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;

namespace TarsDashboard.Core.Deploy.Service;

/// <summary>
/// Everything the "deploy a business service" wizard asks for. Property names are the field names of its
/// <see cref="Validation.FieldError"/>s (rows as <c>Adapters[0].ObjName</c>, <c>Adapters[0].Ports[node]</c>, <c>Volumes[1].HostPath</c>).
/// Kept as a wizard draft, so it holds no secrets.
/// </summary>
public sealed class ServiceDeployRequest
{
    /// <summary>The application: one of the existing ones, or a new name when <see cref="NewApplication"/>.</summary>
    public string Application { get; set; } = "";

    public bool NewApplication { get; set; }

    public string ServerName { get; set; } = "";

    /// <summary>One of <see cref="ServerTypes.All"/>.</summary>
    public string ServerType { get; set; } = "tars_cpp";

    public string TemplateName { get; set; } = "";

    public bool EnableSet { get; set; }

    public string SetName { get; set; } = "";

    public string SetArea { get; set; } = "";

    /// <summary>A number, as Tars requires for the group part of <c>name.area.group</c>.</summary>
    public string SetGroup { get; set; } = "";

    /// <summary>User names separated by ',' or ';', as the Tars web platform's deploy form takes them; each gets the operator role on App.Server.</summary>
    public string Operators { get; set; } = "";

    /// <summary>As <see cref="Operators"/>, for the developer role.</summary>
    public string Developers { get; set; } = "";

    /// <summary>The registered nodes to deploy to; one t_server_conf row each.</summary>
    public List<string> Nodes { get; set; } = [];

    public List<ServiceDeployAdapter> Adapters { get; set; } = [];

    /// <summary><see cref="RunTypes.Native"/> or <see cref="RunTypes.Container"/>.</summary>
    public string RunType { get; set; } = RunTypes.Native;

    /// <summary>t_base_image.id; required in container mode.</summary>
    public int BaseImageId { get; set; }

    public List<VolumeMapping> Volumes { get; set; } = [];

    public List<PortMapping> Ports { get; set; } = [];

    public string ServiceId => $"{Application.Trim()}.{ServerName.Trim()}";

    /// <summary>The names listed in <see cref="Operators"/> or <see cref="Developers"/>, trimmed, empty parts dropped.</summary>
    public static IReadOnlyList<string> SplitUsers(string? text) =>
        [.. (text ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
}
