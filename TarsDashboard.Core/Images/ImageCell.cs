namespace TarsDashboard.Core.Images;

/// <summary>One image on one node: its state, the image id found there, pull progress or the reason it failed.</summary>
public sealed record ImageCell(int BaseImageId, string NodeName, ImageCellState State, string? ImageId = null, double? Percent = null, string? Reason = null);
