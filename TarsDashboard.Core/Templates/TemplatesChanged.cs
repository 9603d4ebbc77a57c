using TarsDashboard.Core.Live;

namespace TarsDashboard.Core.Templates;

/// <summary>A template was added, edited, renamed or deleted.</summary>
/// <param name="TemplateName">The template's name after the change (its new name for a rename).</param>
/// <param name="PreviousName">The name before a rename; otherwise the same as <paramref name="TemplateName"/>.</param>
public sealed record TemplatesChanged(string TemplateName, string PreviousName, string Change) : LiveEvent(TopicName)
{
    public const string TopicName = "template.changed";
}
