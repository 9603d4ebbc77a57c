using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Security;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;

namespace TarsDashboard.Core;

/// <summary>Registers every Core service; the web app and the tests build the same graph.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddTarsDashboardCore(this IServiceCollection services, IConfiguration configuration)
    {
        // The one clock: tests replace it with a fake before or after this call.
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Configure(o => o.ConnectionString = configuration.GetConnectionString("Tars") ?? o.ConnectionString)
            .Validate(o => o.Provider == DatabaseProvider.Sqlite || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "ConnectionStrings:Tars is required when Database:Provider is MySql.")
            .ValidateOnStart();
        services.AddOptions<NodeOptions>()
            .Bind(configuration.GetSection(NodeOptions.SectionName))
            .Validate(o => o.HealthIntervalSeconds > 0 && o.MaxRetrySeconds >= o.HealthIntervalSeconds && o.ProbeTimeoutSeconds > 0,
                "Nodes: HealthIntervalSeconds and ProbeTimeoutSeconds must be positive and MaxRetrySeconds at least the interval.")
            .ValidateOnStart();

        services.AddOptions<FrameworkOptions>()
            .Bind(configuration.GetSection(FrameworkOptions.SectionName))
            .Validate(o => o.HeartbeatFreshSeconds > 0 && o.CallTimeoutSeconds > 0 && o.TaskPollMilliseconds > 0
                           && o.TaskUnreachableSeconds > 0 && o.TaskTimeoutSeconds > 0,
                "Framework: HeartbeatFreshSeconds, CallTimeoutSeconds and the Task* settings must be positive.")
            .ValidateOnStart();
        services.AddSingleton<FrameworkLocator>();
        services.AddSingleton<TarsDashboard.Core.Tars.Rpc.TarsConnectionPool>();
        services.AddSingleton<TarsDashboard.Core.Tars.Rpc.TarsClientFactory>();
        // Instances on tarsnode-managed nodes are driven through tarsAdminRegistry, as the Tars web platform does.
        services.AddSingleton<AdminRegistryConnector>();
        services.AddSingleton<DelegatedTaskHistory>();
        services.AddSingleton<FrameworkTaskFollower>();
        services.AddSingleton<FrameworkLifecycle>();
        services.AddSingleton<FrameworkStateReader>();
        services.AddSingleton<ServerPatchRepository>();
        services.AddSingleton<FrameworkPublisher>();
        services.AddSingleton<TarsDatabase>();
        services.AddSingleton<DashboardSettings>();
        services.AddSingleton<TarsDashboard.Core.Deploy.WizardDraftStore>();
        services.AddSingleton<TarsDashboard.Core.Deploy.Node.NodeDeployer>();
        services.AddSingleton<TarsDashboard.Core.Deploy.Setup.FirstRun>();
        services.AddSingleton<TarsDashboard.Core.Deploy.Setup.DatabaseSetupService>();
        services.AddSingleton<TarsDashboard.Core.Deploy.Framework.FrameworkDockerDeployer>();
        services.AddSingleton<DatabaseStatus>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<ServerConfRepository>();
        services.AddSingleton<AdapterConfRepository>();
        services.AddSingleton<NodeInfoRepository>();
        services.AddSingleton<ProfileTemplateRepository>();
        services.AddSingleton<DockerRegistryRepository>();
        services.AddSingleton<BaseImageRepository>();
        services.AddSingleton<TaskRepository>();

        services.AddSingleton<LiveEventBus>();

        services.AddSingleton<DockerClientPool>();
        services.AddSingleton<NodeRepository>();
        services.AddSingleton<NodeOwnershipReader>();
        services.AddSingleton<NodeHealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeHealthMonitor>());
        services.AddSingleton<NodeService>();

        services.AddSingleton<UserRepository>();
        services.AddSingleton<GrantRepository>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<AccessControl>();
        services.AddSingleton<Operations>();
        services.AddSingleton<UserService>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<AuditRepository>();
        services.AddSingleton<AuditLog>();

        // Registry passwords: a key ring in the database, so restarts and every instance on it decrypt them.
        services.AddSingleton<DataProtectionKeyRepository>();
        services.AddSingleton<SecretKeyRing>();
        services.AddSingleton<SecretKeyRepository>();
        services.AddSingleton<SecretProtector>();

        services.AddSingleton<ImageTables>();
        services.AddSingleton<RegistryService>();
        services.AddSingleton<ImageSyncService>();
        services.AddSingleton<ImageService>();
        services.AddSingleton<ImageMatrixService>();

        services.AddSingleton<ServiceCatalog>();
        services.AddSingleton<ServiceTreeQuery>();
        services.AddSingleton<ServiceEditor>();
        services.AddSingleton<TarsDashboard.Core.Deploy.Service.ServiceDeployer>();
        services.AddSingleton<AdapterService>();
        services.AddSingleton<InterruptedTaskRecovery>();
        services.AddOptions<ServiceLifecycleOptions>().Bind(configuration.GetSection(ServiceLifecycleOptions.SectionName));
        services.AddSingleton<ServicePackageUploader>();
        services.AddSingleton<ServiceStateWriter>();
        services.AddSingleton<ServiceLifecycle>();
        services.AddOptions<ServicePackageOptions>().Bind(configuration.GetSection(ServicePackageOptions.SectionName));
        services.AddSingleton<ServicePackageStore>();
        services.AddSingleton<TaskHistory>();
        services.AddSingleton<EngineEventWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineEventWatcher>());

        services.AddSingleton<TemplateService>();
        services.AddSingleton<MergedTemplateService>();

        services.AddOptions<LogOptions>()
            .Bind(configuration.GetSection(LogOptions.SectionName))
            .Validate(o => o.IsValid(),
                "Logs: BufferCapacity 100-10,000,000, JournalCapacity 10-1,000,000, InitialTailLines not negative, "
                + "FileResumeLines 10-100,000, positive times (TarsPollSeconds too), and ServiceLogRoot an absolute path.")
            .ValidateOnStart();
        services.AddSingleton<JournalLog>();
        services.AddSingleton<TarsLogChannel>();
        services.AddSingleton<LogStreamManager>();
        services.AddSingleton<TarsnodeLogs>();

        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        return services;
    }
}
