using System.ComponentModel.DataAnnotations;

namespace TarsDashboard.Model;

/// <summary>The sign-in form.</summary>
public sealed class LoginInput
{
    [Required(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.UserNameRequired))]
    public string UserName { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.PasswordRequired))]
    public string Password { get; set; } = "";
}
