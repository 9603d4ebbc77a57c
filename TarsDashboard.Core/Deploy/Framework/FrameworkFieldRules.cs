using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>Checks shared by the framework wizards' modes; each adds a <see cref="FieldError"/> for the field it checks.</summary>
public static partial class FrameworkFieldRules
{
    public const int MaxNodeCount = 64;

    public static void Host(List<FieldError> errors, string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors.Add(Required(field));
        }
        else if (!IPAddress.TryParse(text, out _) && !HostName().IsMatch(text))
        {
            errors.Add(new FieldError(field, "Framework.Validation.Host", "Enter a host name or an IP address.", text));
        }
    }

    public static void Port(List<FieldError> errors, string field, int value)
    {
        if (value is < 1 or > 65535)
        {
            errors.Add(new FieldError(field, "Validation.Range", "Enter 1 to 65535.", 1, 65535));
        }
    }

    public static void Required(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(Required(field));
        }
    }

    /// <summary>A user name for MySQL: printable, no quotes or spaces (it goes into env and exported commands).</summary>
    public static void UserName(List<FieldError> errors, string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors.Add(Required(field));
        }
        else if (!MySqlUser().IsMatch(text))
        {
            errors.Add(new FieldError(field, "Framework.Validation.User", "Letters, digits, '_', '.', '-' and '@', at most 32."));
        }
    }

    public static void AbsolutePath(List<FieldError> errors, string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors.Add(Required(field));
        }
        else if (!text.StartsWith('/') || text.Split('/').Any(p => p == "..") || text.Any(char.IsControl) || text.Contains(':'))
        {
            // ':' would split a -v source:target bind.
            errors.Add(new FieldError(field, "Validation.AbsolutePath", "Enter an absolute path without '..'."));
        }
    }

    public static void Count(List<FieldError> errors, string field, int value)
    {
        if (value is < 1 or > MaxNodeCount)
        {
            errors.Add(new FieldError(field, "Validation.Range", $"Enter 1 to {MaxNodeCount}.", 1, MaxNodeCount));
        }
    }

    /// <summary>An image repository without tag (the tag is its own field), checked by the shared image reference parser.</summary>
    public static void Image(List<FieldError> errors, string imageField, string? image, string tagField, string? tag)
    {
        var repository = image?.Trim() ?? "";
        var version = tag?.Trim() ?? "";
        if (repository.Length == 0)
        {
            errors.Add(Required(imageField));
            return;
        }

        if (repository.Contains('@') || repository.LastIndexOf(':') > repository.LastIndexOf('/'))
        {
            errors.Add(new FieldError(imageField, "Framework.Validation.ImageWithoutTag", "Enter the image without a tag; the tag has its own field."));
            return;
        }

        if (Images.ImageReference.TryParse(repository, out var imageError, imageField) is null)
        {
            errors.Add(imageError!);
            return;
        }

        if (version.Length == 0)
        {
            errors.Add(Required(tagField));
        }
        else if (Images.ImageReference.TryParse($"{repository}:{version}", out var tagError, tagField) is null)
        {
            errors.Add(tagError!);
        }
    }

    /// <summary>An IPv4 address, or null with an error added.</summary>
    public static IPAddress? Ipv4(List<FieldError> errors, string field, string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors.Add(Required(field));
            return null;
        }

        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3)
        {
            errors.Add(new FieldError(field, "Framework.Validation.Ipv4", $"'{text}' is not an IPv4 address such as 172.25.0.3.", text));
            return null;
        }

        return address;
    }

    public static FieldError Required(string field) => new(field, "Validation.Required", "This field is required.");

    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^[A-Za-z0-9_.@-]{1,32}$")]
    private static partial Regex MySqlUser();
}
