using System.Text.RegularExpressions;

namespace TarsDashboard.Core.Security;

/// <summary>Where a grant applies: <c>*</c> (everything), an application <c>App</c>, or one service <c>App.Server</c>.</summary>
public static partial class GrantScope
{
    public const string All = "*";

    /// <summary>True for <c>*</c>, <c>App</c> or <c>App.Server</c> with Tars names, within tdash_grant.scope's 128 characters.</summary>
    public static bool IsValid(string? scope) => scope is { Length: <= 128 } && (scope == All || ScopePattern().IsMatch(scope));

    /// <summary>True when a grant on <paramref name="scope"/> reaches <paramref name="target"/>.</summary>
    public static bool Covers(string scope, AccessTarget target)
    {
        if (scope == All)
        {
            return true;
        }

        if (target.Application is null)
        {
            return false; // global things (nodes, images) need '*'
        }

        var dot = scope.IndexOf('.');
        if (dot < 0)
        {
            return string.Equals(scope, target.Application, StringComparison.Ordinal);
        }

        return target.Server is not null
            && string.Equals(scope[..dot], target.Application, StringComparison.Ordinal)
            && string.Equals(scope[(dot + 1)..], target.Server, StringComparison.Ordinal);
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9]*(\\.[a-zA-Z][a-zA-Z0-9]*)?$")]
    private static partial Regex ScopePattern();
}
