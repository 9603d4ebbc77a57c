namespace TarsDashboard.Core.Images;

/// <summary>One <c>t_base_image</c> row with its registry's address.</summary>
/// <param name="Sha">The image id of the last successful pull, which nodes are compared with.</param>
/// <param name="Result">A short summary of the last sync.</param>
/// <param name="UpdateTime">The version an edit is based on.</param>
/// <param name="ServiceCount">How many services (<c>t_server_conf.base_image_id</c>) run on it; such an image cannot be deleted.</param>
public sealed record ImageSummary(
    int Id,
    string Image,
    int RegistryId,
    string? Registry,
    string Remark,
    string? Result,
    string? Sha,
    DateTime? CreateTime,
    DateTime? UpdateTime,
    int ServiceCount);
