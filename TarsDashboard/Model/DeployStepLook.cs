using MudBlazor;
using TarsDashboard.Core.Deploy;

namespace TarsDashboard.Model;

/// <summary>How a wizard's progress line shows its state: the same icon and colour in every wizard.</summary>
public static class DeployStepLook
{
    public static string Icon(DeployStepState state) => state switch
    {
        DeployStepState.Succeeded => Icons.Material.Filled.CheckCircle,
        DeployStepState.Failed => Icons.Material.Filled.Error,
        DeployStepState.Skipped => Icons.Material.Filled.RemoveCircleOutline,
        _ => Icons.Material.Filled.HourglassTop,
    };

    public static Color Color(DeployStepState state) => state switch
    {
        DeployStepState.Succeeded => MudBlazor.Color.Success,
        DeployStepState.Failed => MudBlazor.Color.Error,
        _ => MudBlazor.Color.Info,
    };
}
