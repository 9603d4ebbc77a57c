namespace TarsDashboard.Core.Services;

/// <summary>A host folder (or file) bind-mounted into a service container, in Docker's <c>source:target[:ro]</c> form.</summary>
public sealed record ContainerBind(string Source, string Target, bool ReadOnly = false)
{
    public override string ToString() => $"{Source}:{Target}{(ReadOnly ? ":ro" : "")}";
}
