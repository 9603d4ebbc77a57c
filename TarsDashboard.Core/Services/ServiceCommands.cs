namespace TarsDashboard.Core.Services;

/// <summary>The <c>t_task_item.command</c> values of the operations the dashboard runs on a service instance.</summary>
public static class ServiceCommands
{
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Restart = "restart";
}
