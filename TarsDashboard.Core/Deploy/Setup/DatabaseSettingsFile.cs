using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Deploy.Setup;

/// <summary>
/// The database the first-run wizard chose, in <c>&lt;data folder&gt;/database.json</c>, read at start-up below
/// environment variables and the command line (so <c>Database:Provider</c> and <c>ConnectionStrings:Tars</c> given there
/// still win). The connection string is encrypted with a Data Protection key ring kept beside it, because the usual
/// key ring lives in the database this file points to.
/// </summary>
public sealed class DatabaseSettingsFile(string dataFolder)
{
    public const string FileName = "database.json";
    private const string Purpose = "TarsDashboard.DatabaseSettings";

    public string FilePath => Path.Combine(dataFolder, FileName);

    public static DatabaseSettingsFile For(string contentRoot, IConfiguration configuration)
    {
        var folder = configuration[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.DataFolder)}"] ?? new DatabaseOptions().DataFolder;
        return new DatabaseSettingsFile(Path.IsPathRooted(folder) ? folder : Path.Combine(contentRoot, folder));
    }

    public void Write(DatabaseProvider provider, string connectionString)
    {
        Directory.CreateDirectory(dataFolder);
        var json = new JsonObject
        {
            ["provider"] = provider.ToString(),
            ["connectionString"] = Protector().Protect(connectionString),
            ["writtenAt"] = DateTime.UtcNow.ToString("O"),
        };
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }

    /// <summary>The saved choice, or null when there is none (or it cannot be read any more, e.g. its keys were deleted).</summary>
    public (DatabaseProvider Provider, string ConnectionString)? Read()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        try
        {
            var json = JsonNode.Parse(File.ReadAllText(FilePath))!;
            var provider = Enum.Parse<DatabaseProvider>(json["provider"]!.GetValue<string>());
            return (provider, Protector().Unprotect(json["connectionString"]!.GetValue<string>()));
        }
        catch (Exception exception) when (exception is JsonException or FormatException or ArgumentException or System.Security.Cryptography.CryptographicException
                                          or NullReferenceException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Adds the saved choice to <paramref name="configuration"/> just after the JSON files, so environment variables
    /// and the command line override it. It applies whole or not at all: a provider or connection string given there
    /// replaces the saved pair (a MySQL connection string under the SQLite provider would start nothing).
    /// </summary>
    public void AddTo(IConfigurationBuilder configuration)
    {
        if (Read() is not { } saved)
        {
            return;
        }

        var source = new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                [$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}"] = saved.Provider.ToString(),
                ["ConnectionStrings:Tars"] = saved.ConnectionString,
            },
        };
        var lastJson = -1;
        for (var i = 0; i < configuration.Sources.Count; i++)
        {
            if (configuration.Sources[i] is JsonConfigurationSource)
            {
                lastJson = i;
            }
        }

        var later = new ConfigurationBuilder();
        foreach (var explicitSource in configuration.Sources.Skip(lastJson + 1))
        {
            later.Add(explicitSource);
        }

        var explicitChoice = later.Build();
        if (explicitChoice[$"{DatabaseOptions.SectionName}:{nameof(DatabaseOptions.Provider)}"] is not null || explicitChoice["ConnectionStrings:Tars"] is not null)
        {
            return;
        }

        configuration.Sources.Insert(lastJson + 1, source);
    }

    private IDataProtector Protector() =>
        DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(dataFolder, "bootstrap-keys"))).CreateProtector(Purpose);
}
