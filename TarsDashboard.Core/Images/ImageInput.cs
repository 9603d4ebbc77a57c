namespace TarsDashboard.Core.Images;

/// <summary>What an admin enters to add or edit an image.</summary>
public sealed class ImageInput
{
    /// <summary>The full reference, e.g. <c>harbor.example.com/tars/cppbase:3.0</c> or <c>tarscloud/tars.cppbase</c>.</summary>
    public string Image { get; set; } = "";

    /// <summary>null: use the registry saved for the reference's host, if any; 0: pull without credentials; else that registry.</summary>
    public int? RegistryId { get; set; }

    public string Remark { get; set; } = "";

    public static ImageInput From(ImageSummary image) => new() { Image = image.Image, RegistryId = image.RegistryId, Remark = image.Remark };
}
