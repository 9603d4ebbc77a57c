using System.Text.RegularExpressions;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>Validates the Kubernetes mode's input before manifests are rendered.</summary>
public static partial class FrameworkKubernetesValidator
{
    public static IReadOnlyList<FieldError> Validate(FrameworkKubernetesInput input)
    {
        var errors = new List<FieldError>();
        if (!DnsLabel().IsMatch(input.Namespace?.Trim() ?? ""))
        {
            errors.Add(new FieldError(nameof(input.Namespace), "Framework.Validation.Namespace",
                "Lowercase letters, digits and '-', starting and ending with a letter or digit (at most 63)."));
        }

        FrameworkFieldRules.Host(errors, nameof(input.MySqlHost), input.MySqlHost);
        FrameworkFieldRules.Port(errors, nameof(input.MySqlPort), input.MySqlPort);
        FrameworkFieldRules.UserName(errors, nameof(input.MySqlUser), input.MySqlUser);
        FrameworkFieldRules.Image(errors, nameof(input.FrameworkImage), input.FrameworkImage, nameof(input.FrameworkTag), input.FrameworkTag);
        FrameworkFieldRules.Image(errors, nameof(input.NodeImage), input.NodeImage, nameof(input.NodeTag), input.NodeTag);
        FrameworkFieldRules.Count(errors, nameof(input.NodeCount), input.NodeCount);
        if (input.VolumeKind == FrameworkVolumeKind.HostPath)
        {
            FrameworkFieldRules.AbsolutePath(errors, nameof(input.HostPath), input.HostPath);
        }
        else if (!Quantity().IsMatch(input.StorageSize?.Trim() ?? ""))
        {
            errors.Add(new FieldError(nameof(input.StorageSize), "Framework.Validation.StorageSize", "Enter a size such as 10Gi or 500Mi."));
        }

        return errors;
    }

    public static void ThrowIfInvalid(FrameworkKubernetesInput input)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[1-9][0-9]{0,5}(Mi|Gi|Ti)$")]
    private static partial Regex Quantity();
}
