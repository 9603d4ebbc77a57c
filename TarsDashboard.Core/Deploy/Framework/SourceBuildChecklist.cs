using System.Globalization;
using System.Text.RegularExpressions;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>
/// The commands of mode 1 (source compilation) for one OS and TarsFramework tag: build dependencies, clone with
/// submodules at the tag, cmake, make, make install, then TarsFramework's deploy script against MySQL. Text for people
/// to copy, every user value shell-quoted; the password only as <c>$TARS_MYSQL_PASSWORD</c>.
/// </summary>
public static partial class SourceBuildChecklist
{
    public const string Repository = "https://github.com/TarsCloud/TarsFramework.git";

    /// <summary>Where <c>make install</c> puts the framework and its deploy script.</summary>
    public const string DeployFolder = "/usr/local/tars/cpp/deploy";

    public static IReadOnlyList<FieldError> Validate(SourceBuildInput input)
    {
        var errors = new List<FieldError>();
        if (!Tag().IsMatch(input.Version?.Trim() ?? ""))
        {
            errors.Add(new FieldError(nameof(input.Version), "Framework.Validation.Tag", "Enter a release tag such as v3.1.4."));
        }

        FrameworkFieldRules.Host(errors, nameof(input.MySqlHost), input.MySqlHost);
        FrameworkFieldRules.Port(errors, nameof(input.MySqlPort), input.MySqlPort);
        FrameworkFieldRules.UserName(errors, nameof(input.MySqlUser), input.MySqlUser);
        return errors;
    }

    public static IReadOnlyList<SourceBuildStep> For(SourceBuildInput input)
    {
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var tag = input.Version.Trim();
        return
        [
            new("Framework.Source.Step.Dependencies", Dependencies(input.Os)),
            new("Framework.Source.Step.Clone", ShellQuoting.Join(["git", "clone", "--recursive", "--branch", tag, "--depth", "1", Repository])),
            new("Framework.Source.Step.Configure", "cd TarsFramework/build && cmake .."),
            new("Framework.Source.Step.Make", "make -j\"$(nproc)\""),
            new("Framework.Source.Step.Install", "make install"),
            new("Framework.Source.Step.Password", $"read -rs {FrameworkDockerPlan.PasswordVariable} && export {FrameworkDockerPlan.PasswordVariable}"),
            // linux-install.sh MYSQL_HOST MYSQL_ROOT_PASSWORD INET REBUILD SLAVE MYSQL_USER MYSQL_PORT: creates db_tars and starts the framework.
            new("Framework.Source.Step.Database",
                $"cd {DeployFolder} && ./linux-install.sh {ShellQuoting.Quote(input.MySqlHost.Trim())} \"${FrameworkDockerPlan.PasswordVariable}\" eth0 false false "
                + $"{ShellQuoting.Quote(input.MySqlUser.Trim())} {input.MySqlPort.ToString(CultureInfo.InvariantCulture)}"),
        ];
    }

    private static string Dependencies(SourceBuildOs os) => os switch
    {
        SourceBuildOs.Debian12 or SourceBuildOs.Ubuntu2204 or SourceBuildOs.Ubuntu2404 =>
            "apt-get update && apt-get install -y git cmake make gcc g++ bison flex perl libssl-dev zlib1g-dev libncurses-dev",
        SourceBuildOs.Rocky8 =>
            "dnf install -y epel-release && dnf install -y git cmake make gcc gcc-c++ bison flex perl glibc-devel openssl-devel zlib-devel ncurses-devel",
        SourceBuildOs.Rocky9 =>
            "dnf install -y git cmake make gcc gcc-c++ bison flex perl glibc-devel openssl-devel zlib-devel ncurses-devel",
        _ => throw new ArgumentOutOfRangeException(nameof(os)),
    };

    [GeneratedRegex(@"^v?[0-9]{1,3}(\.[0-9]{1,3}){1,3}$")]
    private static partial Regex Tag();
}
