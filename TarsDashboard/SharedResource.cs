namespace TarsDashboard;

/// <summary>Marker for Resources/SharedResource*.resx: every user-visible string of the web app lives there.</summary>
public sealed class SharedResource
{
}
