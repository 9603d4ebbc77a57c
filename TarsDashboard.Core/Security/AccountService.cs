using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace TarsDashboard.Core.Security;

/// <summary>
/// Checks passwords (ASP.NET Core Identity's PBKDF2 hasher), locks an account after repeated failures,
/// and creates the first admin. Authentication providers other than local passwords (LDAP, OIDC) plug in beside it.
/// </summary>
public sealed class AccountService
{
    private readonly UserRepository users;
    private readonly GrantRepository grants;
    private readonly ILogger<AccountService> logger;
    private readonly TimeProvider clock;

    internal AccountService(
        UserRepository users,
        GrantRepository grants,
        ILogger<AccountService> logger,
        TimeProvider clock)
    {
        this.clock = clock;
        this.users = users;
        this.grants = grants;
        this.logger = logger;
    }

    public const int MaxFailedLogins = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);

    private readonly PasswordHasher<DashboardUser> _hasher = new();

    public async Task<SignInResult> CheckPasswordAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.GetAsync(userName.Trim(), cancellationToken);
        if (user is null || string.IsNullOrEmpty(password))
        {
            return new SignInResult(SignInOutcome.InvalidCredentials);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (user.LockedUntil is { } until && until > now)
        {
            return new SignInResult(SignInOutcome.LockedOut, LockedUntil: until);
        }

        if (user.Disabled)
        {
            return new SignInResult(SignInOutcome.Disabled);
        }

        var verdict = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var failed = user.FailedLogins + 1;
            DateTime? lockedUntil = failed >= MaxFailedLogins ? now.Add(LockoutDuration) : null;
            await users.RecordLoginAsync(user.Id, lockedUntil is null ? failed : 0, lockedUntil, null, cancellationToken);
            return lockedUntil is null
                ? new SignInResult(SignInOutcome.InvalidCredentials)
                : new SignInResult(SignInOutcome.LockedOut, LockedUntil: lockedUntil);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.SetPasswordHashAsync(user.Id, _hasher.HashPassword(user, password), cancellationToken);
        }

        await users.RecordLoginAsync(user.Id, 0, null, now, cancellationToken);
        return new SignInResult(SignInOutcome.Succeeded, user);
    }

    /// <summary>Stores a user with a hashed password; callers validate and authorize first (see <see cref="UserService"/>).</summary>
    internal async Task<DashboardUser> CreateUserAsync(string userName, string password, CancellationToken cancellationToken = default)
    {
        var user = new DashboardUser { UserName = userName, CreatedAt = clock.GetUtcNow().UtcDateTime };
        user.PasswordHash = _hasher.HashPassword(user, password);
        await users.InsertAsync(user, cancellationToken);
        return user;
    }

    internal string HashPassword(DashboardUser user, string password) => _hasher.HashPassword(user, password);

    /// <summary>
    /// With no user at all, creates <c>admin</c> with <paramref name="initialPassword"/>, or a random password that is
    /// written once to the console (never to the log files).
    /// </summary>
    public async Task<bool> EnsureInitialAdminAsync(string? initialPassword, CancellationToken cancellationToken = default)
    {
        if (await users.CountAsync(cancellationToken) > 0)
        {
            return false;
        }

        var password = string.IsNullOrEmpty(initialPassword)
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y')
            : initialPassword;
        await CreateUserAsync("admin", password, cancellationToken);
        await grants.InsertAsync(new Grant("admin", Role.Admin, GrantScope.All), cancellationToken);
        if (string.IsNullOrEmpty(initialPassword))
        {
            Console.WriteLine($"TarsDashboard: created user 'admin' with password: {password}  (shown once; change it after signing in)");
        }

        logger.LogInformation("Created the initial admin account");
        return true;
    }
}
