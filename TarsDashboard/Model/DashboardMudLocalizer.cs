using Microsoft.Extensions.Localization;
using MudBlazor;

namespace TarsDashboard.Model;

/// <summary>
/// Gives MudBlazor's own texts (stepper buttons, pager labels, close buttons) our translations: key <c>Mud.&lt;key&gt;</c>
/// in SharedResource, falling back to MudBlazor's English when we have none.
/// </summary>
public sealed class DashboardMudLocalizer(IStringLocalizer<SharedResource> localizer) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var ours = localizer["Mud." + key];
            return ours.ResourceNotFound ? base[key] : new LocalizedString(key, ours.Value);
        }
    }
}
