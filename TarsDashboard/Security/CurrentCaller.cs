using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using TarsDashboard.Core.Security;

namespace TarsDashboard.Security;

/// <summary>The signed-in person of this circuit as a Core <see cref="Caller"/>; Core checks their grants on every call.</summary>
public sealed class CurrentCaller(AuthenticationStateProvider authentication)
{
    public async Task<Caller> GetAsync() => (await authentication.GetAuthenticationStateAsync()).User.ToCaller();
}
