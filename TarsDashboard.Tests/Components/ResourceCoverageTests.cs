using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace TarsDashboard.Tests.Components;

/// <summary>Every text the UI or Core names by key exists in English and in Simplified Chinese.</summary>
public sealed partial class ResourceCoverageTests
{
    private static readonly string Root = FindRepositoryRoot();

    [Fact]
    public void Both_languages_have_the_same_keys_and_no_empty_value()
    {
        var english = Load("SharedResource.resx");
        var chinese = Load("SharedResource.zh-Hans.resx");

        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.Empty(chinese.Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key));
    }

    [Fact]
    public void Every_key_the_pages_and_core_use_is_in_the_resources()
    {
        var keys = Load("SharedResource.resx").Keys.ToHashSet(StringComparer.Ordinal);
        var used = new List<(string File, string Key)>();
        foreach (var file in SourceFiles("TarsDashboard", "*.razor").Concat(SourceFiles("TarsDashboard", "*.cs")))
        {
            used.AddRange(LocalizerKey().Matches(File.ReadAllText(file)).Select(m => (file, m.Groups[1].Value)));
        }

        foreach (var file in SourceFiles("TarsDashboard.Core", "*.cs"))
        {
            used.AddRange(FieldErrorCode().Matches(File.ReadAllText(file)).Select(m => (file, m.Groups[1].Value)));
        }

        Assert.Empty(used.Where(u => !keys.Contains(u.Key)).Select(u => $"{Path.GetFileName(u.File)}: {u.Key}"));
    }

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(Root, "TarsDashboard", "Resources", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "", StringComparer.Ordinal);

    private static IEnumerable<string> SourceFiles(string project, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Root, project), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string FindRepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TarsDashboard.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("TarsDashboard.sln not found above the test folder.");
    }

    [GeneratedRegex(@"\bL\[""([A-Za-z0-9_.]+)""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex(@"new FieldError\([^,]+,\s*""([A-Za-z0-9_.]+)""")]
    private static partial Regex FieldErrorCode();
}
