using System.Text.RegularExpressions;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Security;

/// <summary>Users and grants, for admins: create, disable, reset password, grant and revoke roles. Every call is audited.</summary>
public sealed partial class UserService
{
    private readonly UserRepository users;
    private readonly GrantRepository grants;
    private readonly AccountService accounts;
    private readonly Operations operations;
    private readonly AccessControl access;
    private readonly TarsDatabase database;

    internal UserService(
        UserRepository users,
        GrantRepository grants,
        AccountService accounts,
        Operations operations,
        AccessControl access,
        TarsDatabase database)
    {
        this.users = users;
        this.grants = grants;
        this.accounts = accounts;
        this.operations = operations;
        this.access = access;
        this.database = database;
    }

    public const int MinPasswordLength = 8;

    public async Task<IReadOnlyList<UserSummary>> ListAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        // Reading is checked but not audited: the audit log records changes and operations.
        await access.DemandAsync(caller, Permission.ManageUsers, AccessTarget.Global, cancellationToken);
        var all = await grants.ListAllAsync(cancellationToken);
        return (await users.ListAsync(cancellationToken))
            .Select(u => new UserSummary(u.UserName, u.Disabled, u.LockedUntil, u.LastLoginAt, u.CreatedAt, u.RowVersion,
                all.Where(g => g.UserName == u.UserName).ToList()))
            .ToList();
    }

    public Task CreateAsync(Caller caller, UserInput input, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageUsers, AccessTarget.Global, "user.create", input.UserName ?? "", async audit =>
        {
            var errors = new List<FieldError>();
            var name = input.UserName?.Trim() ?? "";
            if (!UserNamePattern().IsMatch(name))
            {
                errors.Add(new FieldError(nameof(UserInput.UserName), "User.Name.Invalid",
                    "Use 2-64 letters, digits, '.', '-' or '_', starting with a letter."));
            }
            else if (await users.GetAsync(name, cancellationToken) is not null)
            {
                errors.Add(new FieldError(nameof(UserInput.UserName), "User.Name.Taken", "A user with this name already exists."));
            }

            if (PasswordProblem(input.Password) is { } problem)
            {
                errors.Add(problem with { Field = nameof(UserInput.Password) });
            }

            if (errors.Count > 0)
            {
                throw new ValidationFailedException(errors);
            }

            try
            {
                await accounts.CreateUserAsync(name, input.Password, cancellationToken);
            }
            catch (Exception exception) when (database.Dialect.IsUniqueViolation(exception))
            {
                throw new ValidationFailedException(new FieldError(nameof(UserInput.UserName), "User.Name.Taken", "A user with this name already exists."));
            }

            audit.After = new { userName = name };
        }, cancellationToken);

    public Task SetDisabledAsync(Caller caller, string userName, bool disabled, int rowVersion, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageUsers, AccessTarget.Global, disabled ? "user.disable" : "user.enable", userName, async audit =>
        {
            if (disabled && string.Equals(userName, caller.UserName, StringComparison.Ordinal))
            {
                throw new ValidationFailedException(new FieldError("UserName", "User.Disable.Self", "You cannot disable your own account."));
            }

            var user = await RequireAsync(userName, rowVersion, cancellationToken);
            audit.Before = new { user.Disabled };
            user.Disabled = disabled;
            await SaveAsync(user, cancellationToken);
            audit.After = new { user.Disabled };
        }, cancellationToken);

    public Task ResetPasswordAsync(Caller caller, string userName, string newPassword, int rowVersion, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageUsers, AccessTarget.Global, "user.reset-password", userName, async audit =>
        {
            if (PasswordProblem(newPassword) is { } problem)
            {
                throw new ValidationFailedException(problem with { Field = "Password" });
            }

            var user = await RequireAsync(userName, rowVersion, cancellationToken);
            user.PasswordHash = accounts.HashPassword(user, newPassword);
            user.FailedLogins = 0;
            user.LockedUntil = null;
            await SaveAsync(user, cancellationToken);
            audit.Detail = "password reset";
        }, cancellationToken);

    public Task GrantAsync(Caller caller, Grant grant, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageUsers, AccessTarget.Global, "grant.add", grant.UserName, async audit =>
        {
            if (!GrantScope.IsValid(grant.Scope))
            {
                throw new ValidationFailedException(new FieldError("Scope", "Grant.Scope.Invalid", "Use *, an application (App) or a service (App.Server)."));
            }

            if (!Enum.IsDefined(grant.Role))
            {
                throw new ValidationFailedException(new FieldError("Role", "Validation.Required", "Choose a role."));
            }

            if (await users.GetAsync(grant.UserName, cancellationToken) is null)
            {
                throw new ValidationFailedException(new FieldError("UserName", "User.NotFound", "No such user."));
            }

            if ((await grants.ListForUserAsync(grant.UserName, cancellationToken)).Any(g => g.Role == grant.Role && g.Scope == grant.Scope))
            {
                return; // granting twice changes nothing
            }

            await grants.InsertAsync(grant, cancellationToken);
            audit.After = new { grant.Role, grant.Scope };
        }, cancellationToken);

    public Task RevokeAsync(Caller caller, Grant grant, CancellationToken cancellationToken = default) =>
        operations.RunAsync(caller, Permission.ManageUsers, AccessTarget.Global, "grant.remove", grant.UserName, async audit =>
        {
            var mine = await grants.ListForUserAsync(grant.UserName, cancellationToken);
            var existing = mine.FirstOrDefault(g => g.Id == grant.Id || (g.Role == grant.Role && g.Scope == grant.Scope));
            if (existing is null)
            {
                return;
            }

            var lastAdmin = existing is { Role: Role.Admin, Scope: GrantScope.All }
                && (await grants.ListAllAsync(cancellationToken)).Count(g => g is { Role: Role.Admin, Scope: GrantScope.All }) == 1;
            if (lastAdmin)
            {
                throw new ValidationFailedException(new FieldError("Role", "Grant.LastAdmin", "At least one admin on * must remain."));
            }

            await grants.DeleteAsync(existing.Id, cancellationToken);
            audit.Before = new { existing.Role, existing.Scope };
        }, cancellationToken);

    private static FieldError? PasswordProblem(string? password) => password switch
    {
        null or "" => new FieldError("Password", "Validation.Required", "Enter a password."),
        { Length: < MinPasswordLength } => new FieldError("Password", "User.Password.TooShort", $"At least {MinPasswordLength} characters.", MinPasswordLength),
        { Length: > 128 } => new FieldError("Password", "Validation.TooLong", "At most 128 characters.", 128),
        _ => null,
    };

    private async Task<DashboardUser> RequireAsync(string userName, int rowVersion, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(userName, cancellationToken)
            ?? throw new ValidationFailedException(new FieldError("UserName", "User.NotFound", "No such user."));
        if (user.RowVersion != rowVersion)
        {
            throw new ConcurrencyConflictException($"User {userName}");
        }

        return user;
    }

    private async Task SaveAsync(DashboardUser user, CancellationToken cancellationToken)
    {
        if (!await users.UpdateAsync(user, cancellationToken))
        {
            throw new ConcurrencyConflictException($"User {user.UserName}");
        }
    }

    [GeneratedRegex("^[a-zA-Z][a-zA-Z0-9._-]{1,63}$")]
    private static partial Regex UserNamePattern();
}
