namespace TarsDashboard.Components.Layout;

/// <summary>The signed-in frame: app bar (database state, language, user, sign out), navigation drawer, page.</summary>
public sealed partial class MainLayout
{
    private bool _drawerOpen = true;

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;
}
