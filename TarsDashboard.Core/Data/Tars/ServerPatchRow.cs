namespace TarsDashboard.Core.Data.Tars;

/// <summary>One <c>t_server_patchs</c> row: an uploaded package (<see cref="Tgz"/>, a file in tarspatch's upload folder) of one App.Server.</summary>
public sealed class ServerPatchRow
{
    public int Id { get; set; }

    /// <summary><c>App.Server</c>.</summary>
    public string Server { get; set; } = "";

    /// <summary>The file name under <c>&lt;upload folder&gt;/App/Server/</c>.</summary>
    public string Tgz { get; set; } = "";

    public string Md5 { get; set; } = "";

    public string? UpdateText { get; set; }

    public string? UploadUser { get; set; }

    public DateTime? UploadTime { get; set; }

    /// <summary>1 once tarsAdminRegistry published it.</summary>
    public int? Publish { get; set; }

    public string? PublishUser { get; set; }
}
