namespace TarsDashboard.Core.Alerts;

/// <summary>What a history entry records.</summary>
public static class AlertState
{
    public const string Fired = "fired";
    public const string Recovered = "recovered";
    public const string Test = "test";
}
