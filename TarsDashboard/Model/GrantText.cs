using Microsoft.Extensions.Localization;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Model;

/// <summary>Roles and grants in the user's language: "Developer on Test".</summary>
public static class GrantText
{
    public static string RoleName(this IStringLocalizer localizer, Role role) => localizer[$"Role.{role}"].Value;

    public static string Describe(this IStringLocalizer localizer, Grant grant) =>
        localizer["Grant.Describe", localizer.RoleName(grant.Role), grant.Scope].Value;
}
