using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using TarsDashboard.Core.Data;

namespace TarsDashboard.Core.Security;

/// <summary>
/// Keeps the ASP.NET Core Data Protection key ring in <c>tdash_dataprotection_key</c>, so that a restart, and every other
/// dashboard instance on the same database, can still decrypt what was protected.
/// </summary>
internal sealed class DataProtectionKeyRepository(TarsDatabase database) : IXmlRepository
{
    // Data Protection calls these synchronously and rarely (start-up, about once a day, or on an unknown key id).
    // Task.Run keeps the blocking wait off any synchronization context (a Blazor circuit) the caller may hold.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        Task.Run(async () => await database.QueryAsync<string>("SELECT xml FROM tdash_dataprotection_key ORDER BY id"))
            .GetAwaiter().GetResult()
            .Select(XElement.Parse)
            .ToList();

    public void StoreElement(XElement element, string friendlyName) =>
        Task.Run(async () => await database.ExecuteAsync(
                "INSERT INTO tdash_dataprotection_key (friendly_name, xml) VALUES (@friendlyName, @xml)",
                new { friendlyName = friendlyName.Length <= 255 ? friendlyName : friendlyName[..255], xml = element.ToString(SaveOptions.DisableFormatting) }))
            .GetAwaiter().GetResult();
}
