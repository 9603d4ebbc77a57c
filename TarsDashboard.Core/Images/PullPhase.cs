namespace TarsDashboard.Core.Images;

/// <summary>Where one node's pull of one image stands.</summary>
public enum PullPhase
{
    Pulling,
    Succeeded,
    Failed,
}
