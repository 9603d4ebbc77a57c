using System.Text;
using TarsDashboard.Core.Services;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>
/// The plan as <c>docker network create</c> / <c>docker run</c> commands for people to copy, every argument shell-quoted.
/// Display only: the dashboard runs the plan through the Engine API and never a shell.
/// </summary>
public static class FrameworkDockerExporter
{
    /// <param name="revealPassword">
    /// False (the default) writes the password as a reference to <c>$TARS_MYSQL_PASSWORD</c>, so the text can be shown,
    /// pasted into a ticket or a script without carrying the secret.
    /// </param>
    public static string Render(FrameworkDockerPlan plan, bool revealPassword = false)
    {
        var text = new StringBuilder();
        if (!revealPassword)
        {
            text.Append("# Set the MySQL password first, without echo: read -rs ").Append(FrameworkDockerPlan.PasswordVariable)
                .Append("; export ").Append(FrameworkDockerPlan.PasswordVariable).Append('\n');
        }

        text.Append(ShellQuoting.Join(["docker", "network", "create", "--driver", plan.Network.Driver, "--subnet", plan.Network.Subnet, plan.Network.Name]))
            .Append('\n');
        foreach (var container in plan.Containers)
        {
            text.Append('\n').Append(string.Join(" \\\n    ", RunGroups(container, revealPassword))).Append('\n');
        }

        return text.ToString();
    }

    // The words of one docker run, an option and its value kept on one line.
    private static IEnumerable<string> RunGroups(FrameworkContainerSpec container, bool revealPassword)
    {
        yield return ShellQuoting.Join(["docker", "run", "-d", "--name", container.Name]);
        yield return ShellQuoting.Join(["--restart", container.RestartPolicy]);
        yield return ShellQuoting.Join(["--network", container.Network, "--ip", container.IpAddress]);
        foreach (var (key, value) in container.Environment)
        {
            yield return FrameworkDockerPlan.SecretEnvNames.Contains(key) && !revealPassword
                // A double-quoted variable reference: the shell expands it, so the secret is never in the text.
                ? $"-e {key}=\"${FrameworkDockerPlan.PasswordVariable}\""
                : ShellQuoting.Join(["-e", $"{key}={value}"]);
        }

        foreach (var bind in container.Binds)
        {
            yield return ShellQuoting.Join(["-v", bind.ToString()]);
        }

        foreach (var port in container.Ports)
        {
            yield return ShellQuoting.Join(["-p", port.ToString()]);
        }

        yield return ShellQuoting.Quote(container.Image);
    }
}
