using TarsDashboard.Core.Tars.Node;

namespace TarsDashboard.Core.Tars.AdminRegistry;

/// <summary>The reply of <c>getPatchPercent</c>: a <see cref="TarsErrCode"/> and the publish's progress.</summary>
public sealed record PatchPercentResult(int Ret, PatchInfo Info);
