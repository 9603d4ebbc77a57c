using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TarsDashboard.Core.Alerts;
using TarsDashboard.Core.Audit;
using TarsDashboard.Core.Data;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Framework;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Monitoring;
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
        services.AddCoreSingleton<FrameworkLocator>();
        services.AddSingleton<TarsDashboard.Core.Tars.Rpc.TarsConnectionPool>();
        services.AddSingleton<TarsDashboard.Core.Tars.Rpc.TarsClientFactory>();
        // Instances on tarsnode-managed nodes are driven through tarsAdminRegistry, as the Tars web platform does.
        services.AddSingleton<AdminRegistryConnector>();
        services.AddSingleton<DelegatedTaskHistory>();
        services.AddSingleton<FrameworkTaskFollower>();
        services.AddSingleton<FrameworkLifecycle>();
        services.AddSingleton<FrameworkStateReader>();
        services.AddSingleton<ServerPatchRepository>();
        services.AddCoreSingleton<FrameworkPublisher>();
        services.AddSingleton<TarsDatabase>();
        services.AddSingleton<SettingRepository>();
        services.AddSingleton<TarsDashboard.Core.Deploy.WizardDraftRepository>();
        services.AddCoreSingleton<TarsDashboard.Core.Deploy.WizardDraftStore>();
        services.AddSingleton<TarsDashboard.Core.Deploy.Node.NodeDeployer>();
        services.AddCoreSingleton<TarsDashboard.Core.Deploy.Setup.FirstRun>();
        services.AddCoreSingleton<TarsDashboard.Core.Deploy.Setup.DatabaseSetupService>();
        services.AddCoreSingleton<TarsDashboard.Core.Deploy.Framework.FrameworkDockerDeployer>();
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
        // Several instances on one database: the bus fans out through Redis. Without the setting no Redis client exists.
        services.AddOptions<RedisOptions>().Bind(configuration.GetSection(RedisOptions.SectionName));
        if (!string.IsNullOrWhiteSpace(configuration[$"{RedisOptions.SectionName}:{nameof(RedisOptions.Configuration)}"]))
        {
            services.AddSingleton<RedisLiveEventRelay>();
            services.AddHostedService(sp => sp.GetRequiredService<RedisLiveEventRelay>());
        }

        // One leader among the instances on this database runs the background work; tasks are owned by their instance.
        services.AddOptions<TarsDashboard.Core.Cluster.ClusterOptions>()
            .Bind(configuration.GetSection(TarsDashboard.Core.Cluster.ClusterOptions.SectionName))
            .Validate(o => o.IsValid(), "Cluster: LeaseSeconds 2-600 and longer than PollSeconds, positive times, TaskStaleSeconds over twice TaskHeartbeatSeconds.")
            .ValidateOnStart();
        services.AddSingleton(sp => new TarsDashboard.Core.Cluster.InstanceIdentity(configuration));
        services.AddSingleton<TarsDashboard.Core.Cluster.LeaseRepository>();
        services.AddSingleton<TarsDashboard.Core.Cluster.TaskOwnerRepository>();
        services.AddCoreSingleton<TarsDashboard.Core.Cluster.LeaderElection>();
        services.AddHostedService(sp => sp.GetRequiredService<TarsDashboard.Core.Cluster.LeaderElection>());
        services.AddCoreSingleton<TarsDashboard.Core.Cluster.TaskOwnership>();
        services.AddHostedService(sp => sp.GetRequiredService<TarsDashboard.Core.Cluster.TaskOwnership>());

        services.AddSingleton<DockerClientPool>();
        services.AddSingleton<NodeRepository>();
        services.AddCoreSingleton<NodeOwnershipReader>();
        services.AddCoreSingleton<NodeHealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<NodeHealthMonitor>());
        services.AddCoreSingleton<NodeService>();

        services.AddSingleton<UserRepository>();
        services.AddSingleton<GrantRepository>();
        services.AddCoreSingleton<AccountService>();
        services.AddCoreSingleton<AccessControl>();
        services.AddSingleton<Operations>();
        services.AddCoreSingleton<UserService>();
        services.AddSingleton<ApiTokenRepository>();
        services.AddCoreSingleton<ApiTokenService>();
        services.AddSingleton<AuditRepository>();
        services.AddCoreSingleton<AuditLog>();

        // Registry passwords: a key ring in the database, so restarts and every instance on it decrypt them.
        services.AddSingleton<DataProtectionKeyRepository>();
        services.AddCoreSingleton<SecretKeyRing>();
        services.AddSingleton<SecretKeyRepository>();
        services.AddCoreSingleton<SecretProtector>();

        services.AddCoreSingleton<RegistryService>();
        services.AddCoreSingleton<ImageSyncService>();
        services.AddCoreSingleton<ImageService>();
        services.AddCoreSingleton<ImageMatrixService>();

        services.AddCoreSingleton<ServiceCatalog>();
        services.AddCoreSingleton<ServiceTreeQuery>();
        services.AddCoreSingleton<ServiceEditor>();
        services.AddCoreSingleton<TarsDashboard.Core.Deploy.Service.ServiceDeployer>();
        services.AddCoreSingleton<AdapterService>();
        services.AddCoreSingleton<InterruptedTaskRecovery>();
        services.AddOptions<ServiceLifecycleOptions>().Bind(configuration.GetSection(ServiceLifecycleOptions.SectionName));
        services.AddSingleton<ServicePackageUploader>();
        services.AddCoreSingleton<ServiceStateWriter>();
        services.AddCoreSingleton<ServiceLifecycle>();
        services.AddOptions<ServicePackageOptions>().Bind(configuration.GetSection(ServicePackageOptions.SectionName));
        services.AddSingleton<ServicePackageRepository>();
        services.AddCoreSingleton<ServicePackageStore>();
        services.AddCoreSingleton<TaskHistory>();
        services.AddSingleton<EngineCursorRepository>();
        services.AddCoreSingleton<EngineEventWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EngineEventWatcher>());

        services.AddSingleton<TarsDashboard.Core.Configs.ConfigFileRepository>();
        services.AddCoreSingleton<TarsDashboard.Core.Configs.ConfigFilePusher>();
        services.AddCoreSingleton<TarsDashboard.Core.Configs.ConfigFileService>();

        services.AddCoreSingleton<TemplateService>();
        services.AddCoreSingleton<MergedTemplateService>();

        // The framework's statistics databases, read only; prefixes go into table names, so they must be identifiers.
        services.AddOptions<TarsDashboard.Core.Statistics.TarsStatisticsOptions>()
            .Bind(configuration.GetSection(TarsDashboard.Core.Statistics.TarsStatisticsOptions.SectionName))
            .Validate(o => TarsDashboard.Core.Statistics.StatTableNames.IsValidPrefix(o.StatTablePrefix)
                           && TarsDashboard.Core.Statistics.StatTableNames.IsValidPrefix(o.PropertyTablePrefix),
                "TarsStatistics: StatTablePrefix and PropertyTablePrefix must be letters, digits and '_'.")
            .ValidateOnStart();
        services.AddSingleton<TarsDashboard.Core.Statistics.TarsStatRepository>();
        services.AddSingleton<TarsDashboard.Core.Audit.ChangeMarkerRepository>();
        services.AddCoreSingleton<TarsDashboard.Core.Audit.ServiceChangeMarkers>();
        services.AddCoreSingleton<TarsDashboard.Core.Statistics.TarsStatisticsService>();
        services.AddOptions<LogOptions>()
            .Bind(configuration.GetSection(LogOptions.SectionName))
            .Validate(o => o.IsValid(),
                "Logs: BufferCapacity 100-10,000,000, JournalCapacity 10-1,000,000, InitialTailLines not negative, "
                + "FileResumeLines 10-100,000, positive times (TarsPollSeconds too), and ServiceLogRoot an absolute path.")
            .ValidateOnStart();
        services.AddSingleton<JournalLog>();
        services.AddSingleton<TarsLogChannel>();
        services.AddCoreSingleton<LogStreamManager>();
        services.AddCoreSingleton<LogSourceCatalog>();
        services.AddCoreSingleton<TarsnodeLogs>();

        services.AddOptions<AlertOptions>()
            .Bind(configuration.GetSection(AlertOptions.SectionName))
            .Validate(o => o.IsValid(), "Alerts: DeliveryTimeoutSeconds 1-300, DeliveryAttempts 1-10, RetryDelaySeconds 0-60, HistoryDays 1-3650.")
            .ValidateOnStart();
        // Webhooks are answered where they are: a redirect could lead the token-bearing request elsewhere.
        services.AddHttpClient(WebhookSender.ClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddCoreSingleton<WebhookSender>();
        services.AddSingleton<AlertRuleRepository>();
        services.AddSingleton<AlertHistoryRepository>();
        services.AddCoreSingleton<AlertService>();
        services.AddCoreSingleton<AlertMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertMonitor>());
        services.AddOptions<MonitoringOptions>()
            .Bind(configuration.GetSection(MonitoringOptions.SectionName))
            .Validate(o => o.IsValid(),
                "Monitoring: RingCapacity 10-100,000, positive times, and CoarsePointSeconds wider than FinePointSeconds.")
            .ValidateOnStart();
        services.AddCoreSingleton<ResourceStreams>();
        services.AddSingleton<ResourcePointRepository>();
        services.AddCoreSingleton<ServiceContainerLister>();
        services.AddCoreSingleton<ResourceRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<ResourceRecorder>());
        services.AddCoreSingleton<ResourceMonitor>();

        services.AddOptions<TarsDashboard.Core.Releases.ReleaseOptions>()
            .Bind(configuration.GetSection(TarsDashboard.Core.Releases.ReleaseOptions.SectionName))
            .Validate(o => o.IsValid(), "Releases: GatePollSeconds above 0 up to 60, FailureRateMargin 0-1, FailureRateMinCalls not negative.")
            .ValidateOnStart();
        services.AddSingleton<TarsDashboard.Core.Releases.ReleaseRepository>();
        services.AddCoreSingleton<TarsDashboard.Core.Releases.InstanceHealthGate>();
        services.AddCoreSingleton<TarsDashboard.Core.Releases.FailureRateGate>();
        services.AddCoreSingleton<TarsDashboard.Core.Releases.ReleaseConfigSnapshot>();
        services.AddCoreSingleton<TarsDashboard.Core.Releases.ReleaseService>();
        services.AddCoreSingleton<TarsDashboard.Core.Framework.ServiceCommandSender>();
        services.AddCoreSingleton<TarsDashboard.Core.Deploy.Service.ServiceExpander>();
        services.AddCoreSingleton<TarsDashboard.Core.Deploy.Service.ServiceUndeployer>();

        services.AddCoreSingleton<TarsDashboard.Core.Cluster.CutOffTaskSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<TarsDashboard.Core.Cluster.CutOffTaskSweeper>());

        services.AddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        return services;
    }

    // Core's services take internal types (repositories), so their constructors are internal and Microsoft DI, which
    // only calls public constructors, cannot make them: this resolves the constructor's parameters itself.
    private static void AddCoreSingleton<T>(this IServiceCollection services)
        where T : class
    {
        var constructor = typeof(T).GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .MaxBy(c => c.GetParameters().Length)!;
        services.AddSingleton(provider => (T)constructor.Invoke([.. constructor.GetParameters().Select(p =>
            p.HasDefaultValue ? provider.GetService(p.ParameterType) ?? p.DefaultValue : provider.GetRequiredService(p.ParameterType))]));
    }
}
