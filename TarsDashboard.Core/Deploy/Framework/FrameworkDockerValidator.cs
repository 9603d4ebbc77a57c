using System.Net;
using System.Text.RegularExpressions;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>Validates a <see cref="FrameworkDockerInput"/> field by field, per wizard step, before any plan is built.</summary>
public static partial class FrameworkDockerValidator
{
    /// <summary>The wizard's input steps and the fields each shows, so the page can validate one step before the next.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<string>> StepFields =
    [
        [nameof(FrameworkDockerInput.MySqlHost), nameof(FrameworkDockerInput.MySqlPort), nameof(FrameworkDockerInput.MySqlUser), nameof(FrameworkDockerInput.MySqlPassword)],
        [nameof(FrameworkDockerInput.NetworkName), nameof(FrameworkDockerInput.Subnet), nameof(FrameworkDockerInput.FrameworkIp), nameof(FrameworkDockerInput.NodeIps)],
        [nameof(FrameworkDockerInput.TarsHostpath), nameof(FrameworkDockerInput.FrameworkImage), nameof(FrameworkDockerInput.FrameworkTag),
            nameof(FrameworkDockerInput.NodeImage), nameof(FrameworkDockerInput.NodeTag), nameof(FrameworkDockerInput.NodeCount),
            nameof(FrameworkDockerInput.WebHostPort), nameof(FrameworkDockerInput.NodeHostPortBase), nameof(FrameworkDockerInput.DockerSocket)],
    ];

    /// <summary>Every problem with the input; empty when a plan can be built. <paramref name="requirePassword"/> is false for exports.</summary>
    public static IReadOnlyList<FieldError> Validate(FrameworkDockerInput input, bool requirePassword = true)
    {
        var errors = new List<FieldError>();
        FrameworkFieldRules.Host(errors, nameof(input.MySqlHost), input.MySqlHost);
        FrameworkFieldRules.Port(errors, nameof(input.MySqlPort), input.MySqlPort);
        FrameworkFieldRules.UserName(errors, nameof(input.MySqlUser), input.MySqlUser);
        if (requirePassword)
        {
            FrameworkFieldRules.Required(errors, nameof(input.MySqlPassword), input.MySqlPassword);
        }

        ValidateNetwork(errors, input);
        FrameworkFieldRules.AbsolutePath(errors, nameof(input.TarsHostpath), input.TarsHostpath);
        FrameworkFieldRules.Image(errors, nameof(input.FrameworkImage), input.FrameworkImage, nameof(input.FrameworkTag), input.FrameworkTag);
        FrameworkFieldRules.Image(errors, nameof(input.NodeImage), input.NodeImage, nameof(input.NodeTag), input.NodeTag);
        FrameworkFieldRules.Count(errors, nameof(input.NodeCount), input.NodeCount);
        FrameworkFieldRules.AbsolutePath(errors, nameof(input.DockerSocket), input.DockerSocket);
        ValidateHostPorts(errors, input);
        return errors;
    }

    /// <summary>The errors of one wizard step (0-based), in field order.</summary>
    public static IReadOnlyList<FieldError> ValidateStep(FrameworkDockerInput input, int step)
    {
        var fields = StepFields[step];
        var errors = Validate(input);
        var all = errors.Where(e => fields.Contains(e.Field)).ToList();
        if (step == 1)
        {
            // The count of node addresses is checked on the step where the node count is chosen.
            all.RemoveAll(e => e.Code == "Framework.Validation.NodeIpCount");
        }
        else if (step == 2 && errors.FirstOrDefault(e => e.Code == "Framework.Validation.NodeIpCount") is { } count
            && !all.Any(e => e.Field == nameof(FrameworkDockerInput.NodeCount)))
        {
            all.Add(count with { Field = nameof(FrameworkDockerInput.NodeCount) });
        }

        return all;
    }

    public static void ThrowIfInvalid(FrameworkDockerInput input, bool requirePassword = true)
    {
        var errors = Validate(input, requirePassword);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    private static void ValidateNetwork(List<FieldError> errors, FrameworkDockerInput input)
    {
        var name = input.NetworkName?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add(FrameworkFieldRules.Required(nameof(input.NetworkName)));
        }
        else if (!NetworkName().IsMatch(name) || name.Length > 64)
        {
            errors.Add(new FieldError(nameof(input.NetworkName), "Framework.Validation.NetworkName",
                "Start with a letter or digit; then letters, digits, '_', '.' or '-' (at most 64)."));
        }

        var subnet = Ipv4Subnet.TryParse(input.Subnet);
        if (subnet is null)
        {
            errors.Add(string.IsNullOrWhiteSpace(input.Subnet)
                ? FrameworkFieldRules.Required(nameof(input.Subnet))
                : new FieldError(nameof(input.Subnet), "Framework.Validation.Subnet", "Enter an IPv4 subnet in CIDR form, e.g. 172.25.0.0/16 (prefix 8 to 30)."));
        }

        var seen = new HashSet<IPAddress>();
        var framework = FrameworkFieldRules.Ipv4(errors, nameof(input.FrameworkIp), input.FrameworkIp);
        if (framework is not null)
        {
            CheckInSubnet(errors, nameof(input.FrameworkIp), framework, subnet);
            seen.Add(framework);
        }

        var nodeIps = input.NodeIpList();
        if (nodeIps.Count == 0)
        {
            errors.Add(FrameworkFieldRules.Required(nameof(input.NodeIps)));
            return;
        }

        foreach (var text in nodeIps)
        {
            var address = FrameworkFieldRules.Ipv4(errors, nameof(input.NodeIps), text);
            if (address is null)
            {
                return;
            }

            if (CheckInSubnet(errors, nameof(input.NodeIps), address, subnet))
            {
                return;
            }

            if (!seen.Add(address))
            {
                errors.Add(new FieldError(nameof(input.NodeIps), "Framework.Validation.DuplicateIp",
                    $"{address} is used twice; every container needs its own address.", address.ToString()));
                return;
            }
        }

        if (nodeIps.Count != input.NodeCount)
        {
            errors.Add(new FieldError(nameof(input.NodeIps), "Framework.Validation.NodeIpCount",
                $"Enter one address per tarsnode container ({input.NodeCount}).", input.NodeCount));
        }
    }

    private static void ValidateHostPorts(List<FieldError> errors, FrameworkDockerInput input)
    {
        FrameworkFieldRules.Port(errors, nameof(input.WebHostPort), input.WebHostPort);
        var count = Math.Clamp(input.NodeCount, 1, FrameworkFieldRules.MaxNodeCount);
        var last = input.NodeHostPortBase + (count * FrameworkDockerPlanBuilder.NodePortCount) - 1;
        if (input.NodeHostPortBase < 1 || last > 65535)
        {
            var max = 65536 - (count * FrameworkDockerPlanBuilder.NodePortCount);
            errors.Add(new FieldError(nameof(input.NodeHostPortBase), "Validation.Range", $"Enter 1 to {max}.", 1, max));
        }
        else if (input.WebHostPort >= input.NodeHostPortBase && input.WebHostPort <= last)
        {
            errors.Add(new FieldError(nameof(input.WebHostPort), "Framework.Validation.PortOverlap",
                $"The web port lies in the nodes' ports {input.NodeHostPortBase}-{last}.", input.NodeHostPortBase, last));
        }
    }

    // True when an error was added.
    private static bool CheckInSubnet(List<FieldError> errors, string field, IPAddress address, Ipv4Subnet? subnet)
    {
        if (subnet is null)
        {
            return false;
        }

        if (subnet.ContainsHost(address) && address.Equals(subnet.Gateway))
        {
            errors.Add(new FieldError(field, "Framework.Validation.GatewayIp",
                $"{address} is the network's gateway; choose another address.", address.ToString()));
            return true;
        }

        if (subnet.ContainsHost(address))
        {
            return false;
        }

        errors.Add(new FieldError(field, "Framework.Validation.OutsideSubnet",
            $"{address} is not a usable address in {subnet}.", address.ToString(), subnet.ToString()));
        return true;
    }

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex NetworkName();
}
