using System.Globalization;
using System.Resources;

namespace TarsDashboard.Model;

/// <summary>
/// Data-annotation messages read from SharedResource*.resx in the current UI culture: attributes take a type with
/// static properties, not an IStringLocalizer.
/// </summary>
public static class ValidationText
{
    private static readonly ResourceManager Resources = new("TarsDashboard.Resources.SharedResource", typeof(SharedResource).Assembly);

    public static string UserNameRequired => Get("Login.UserNameRequired");

    public static string PasswordRequired => Get("Login.PasswordRequired");

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;
}
