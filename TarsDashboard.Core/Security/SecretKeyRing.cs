using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TarsDashboard.Core.Security;

/// <summary>
/// The Data Protection system that guards stored secrets, with its key ring in the database
/// (<see cref="DataProtectionKeyRepository"/>): a restart, and every other instance on the same database, decrypts.
/// It is separate from the app-wide one on purpose: that one protects cookies and antiforgery tokens, and must keep
/// working (the login page must render) while the database is unreachable.
/// </summary>
internal sealed class SecretKeyRing : IDisposable
{
    public const string ApplicationName = "TarsDashboard";

    private readonly ServiceProvider _services;

    internal SecretKeyRing(DataProtectionKeyRepository repository, ILoggerFactory loggerFactory)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = repository);
        _services = services.BuildServiceProvider();
        Provider = _services.GetRequiredService<IDataProtectionProvider>();
    }

    public IDataProtectionProvider Provider { get; }

    public void Dispose() => _services.Dispose();
}
