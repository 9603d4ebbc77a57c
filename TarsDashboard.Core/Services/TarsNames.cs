using System.Text.RegularExpressions;

namespace TarsDashboard.Core.Services;

/// <summary>The naming rules of Tars: applications, servers and servant objects are a letter followed by letters and digits.</summary>
public static partial class TarsNames
{
    /// <summary>True for an application, server or obj name such as <c>Test</c>, <c>HelloServer</c>, <c>HelloObj</c>.</summary>
    public static bool IsValidName(string? name) => name is { Length: > 0 } && NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9]*\\z")]
    private static partial Regex NamePattern();
}
