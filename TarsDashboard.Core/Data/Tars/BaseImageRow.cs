namespace TarsDashboard.Core.Data.Tars;

/// <summary>One <c>t_base_image</c> row: an image reference, its registry and the id it last pulled as.</summary>
public sealed class BaseImageRow
{
    public int Id { get; set; }
    public string Image { get; set; } = "";
    public int RegistryId { get; set; }
    public string Remark { get; set; } = "";
    public string? Result { get; set; }
    public DateTime? CreateTime { get; set; }
    public DateTime? UpdateTime { get; set; }
    public string? Sha { get; set; }
}
