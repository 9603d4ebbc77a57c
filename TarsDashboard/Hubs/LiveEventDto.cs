using System.Text.Json;

namespace TarsDashboard.Hubs;

/// <summary>What hub clients receive for each live event: its topic, when it happened, and the event itself as JSON.</summary>
public sealed record LiveEventDto(string Topic, DateTimeOffset At, JsonElement Data);
