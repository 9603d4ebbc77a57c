using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Services;

/// <summary>Everything an edit form of one service instance needs, read once when it opens.</summary>
/// <param name="Row">The instance as read: the base of the optimistic save.</param>
/// <param name="ContainerReadErrors">Port lines of the stored profile that could not be read (a save drops them).</param>
/// <param name="Node">The node as the dashboard knows it, null when it is not registered (then no TARS_HOSTPATH).</param>
/// <param name="MayEdit">The caller may operate this service; otherwise the form is read-only.</param>
public sealed record ServiceEditContext(
    ServerConfRow Row,
    IReadOnlyList<FieldError> ContainerReadErrors,
    IReadOnlyList<ProfileTemplateRow> Templates,
    IReadOnlyList<BaseImageRow> Images,
    NodeRow? Node,
    IReadOnlyList<AdapterConfRow> Adapters,
    bool MayEdit)
{
    /// <summary>A fresh form filled from <see cref="Row"/>.</summary>
    public ServiceEditInput NewInput() => ServiceEditInput.From(Row);
}
