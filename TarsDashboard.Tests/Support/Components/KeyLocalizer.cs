using Microsoft.Extensions.Localization;

namespace TarsDashboard.Tests.Components;

/// <summary>A localizer that knows no resources: every text is its key, so tests can assert which message was chosen.</summary>
internal sealed class KeyLocalizer : IStringLocalizer
{
    public LocalizedString this[string name] => new(name, name, resourceNotFound: true);

    public LocalizedString this[string name, params object[] arguments] => new(name, name, resourceNotFound: true);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
}
