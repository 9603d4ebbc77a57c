namespace TarsDashboard.Model;

/// <summary>Addresses of the template pages; names are escaped because Tars web may have stored any text as a name.</summary>
public static class TemplateLinks
{
    public const string List = "/templates";

    public static string Edit(string name) => $"/templates/{Uri.EscapeDataString(name)}";

    /// <summary>The editor for a new template inheriting from <paramref name="parentName"/>.</summary>
    public static string New(string parentName) => $"/templates/{Uri.EscapeDataString(parentName)}/new";
}
