namespace TarsDashboard.Core.Data.Schema;

/// <summary>The dashboard's own tables; the <c>tdash_</c> prefix keeps them apart from anything Tars owns.</summary>
public static class DashboardSchema
{
    /// <summary>A log pattern rule's text or regular expression (added after the table: existing ones get it with its default).</summary>
    public static readonly ColumnDefinition AlertPattern = new("pattern", "varchar(1000) NOT NULL DEFAULT ''");

    public static readonly ColumnDefinition AlertPatternRegex = new("pattern_regex", "tinyint(1) NOT NULL DEFAULT '0'");

    /// <summary>Who runs the node's service containers: <c>engine</c> (the dashboard) or <c>tarsnode</c> (a real tarsnode).</summary>
    public static readonly ColumnDefinition Management = new("management", "varchar(16) NOT NULL DEFAULT 'engine'");

    /// <summary>How to reach a node's Docker engine; one row per <c>t_node_info.node_name</c> the dashboard manages.</summary>
    public static readonly TableDefinition Node = new("tdash_node",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("node_name", "varchar(128) NOT NULL"),
        new("endpoint", "varchar(255) NOT NULL"),
        new("tls_cert_path", "varchar(255) NOT NULL DEFAULT ''"),
        new("tars_hostpath", "varchar(255) NOT NULL DEFAULT ''"),
        new("labels", "varchar(1024) NOT NULL DEFAULT ''"),
        new("created_at", "datetime NOT NULL"),
        new("updated_at", "datetime NOT NULL"),
        new("updated_by", "varchar(64) NOT NULL DEFAULT ''"),
        new("row_version", "int(11) NOT NULL DEFAULT '1'"),
        Management,
    ],
    [
        new("uk_node_name", true, "node_name"),
    ]);

    public static readonly TableDefinition User = new("tdash_user",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("user_name", "varchar(64) NOT NULL"),
        new("password_hash", "varchar(255) NOT NULL"),
        new("disabled", "tinyint(1) NOT NULL DEFAULT '0'"),
        new("failed_logins", "int(11) NOT NULL DEFAULT '0'"),
        new("locked_until", "datetime DEFAULT NULL"),
        new("last_login_at", "datetime DEFAULT NULL"),
        new("created_at", "datetime NOT NULL"),
        new("row_version", "int(11) NOT NULL DEFAULT '1'"),
    ],
    [
        new("uk_user_name", true, "user_name"),
    ]);

    /// <summary>A role on a scope (<c>*</c>, <c>App</c> or <c>App.Server</c>), as Tars grants them.</summary>
    public static readonly TableDefinition Grant = new("tdash_grant",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("user_name", "varchar(64) NOT NULL"),
        new("role", "int(11) NOT NULL"),
        new("scope", "varchar(128) NOT NULL"),
    ],
    [
        new("uk_grant", true, "user_name", "role", "scope"),
    ]);

    public static readonly TableDefinition Audit = new("tdash_audit",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("at", "datetime NOT NULL"),
        new("user_name", "varchar(80) NOT NULL"),
        new("action", "varchar(64) NOT NULL"),
        new("target", "varchar(255) NOT NULL DEFAULT ''"),
        new("before_json", "mediumtext"),
        new("after_json", "mediumtext"),
        new("result", "varchar(16) NOT NULL"),
        new("detail", "text"),
    ],
    [
        new("ix_audit_at", false, "at"),
        new("ix_audit_user", false, "user_name"),
    ]);

    /// <summary>API tokens: only a SHA-256 of the secret is kept; the secret is shown once.</summary>
    public static readonly TableDefinition ApiToken = new("tdash_api_token",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("user_name", "varchar(64) NOT NULL"),
        new("name", "varchar(64) NOT NULL"),
        new("token_hash", "varchar(64) NOT NULL"),
        new("prefix", "varchar(16) NOT NULL"),
        new("created_at", "datetime NOT NULL"),
        new("last_used_at", "datetime DEFAULT NULL"),
        new("revoked_at", "datetime DEFAULT NULL"),
    ],
    [
        new("uk_token_hash", true, "token_hash"),
    ]);

    /// <summary>The ASP.NET Core Data Protection key ring, shared by every dashboard instance on this database.</summary>
    public static readonly TableDefinition DataProtectionKey = new("tdash_dataprotection_key",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("friendly_name", "varchar(255) NOT NULL DEFAULT ''"),
        new("xml", "mediumtext NOT NULL"),
    ],
    []);

    /// <summary>Data keys for secrets stored in Tars columns, each wrapped by the Data Protection key ring.</summary>
    public static readonly TableDefinition SecretKey = new("tdash_secret_key",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("name", "varchar(64) NOT NULL"),
        new("protected_key", "text NOT NULL"),
        new("created_at", "datetime NOT NULL"),
    ],
    [
        new("uk_secret_key_name", true, "name"),
    ]);

    /// <summary>Uploaded service packages (publish); the bytes are files in the data folder.</summary>
    public static readonly TableDefinition Package = new("tdash_package",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("application", "varchar(128) NOT NULL"),
        new("server_name", "varchar(128) NOT NULL"),
        new("comment", "varchar(255) NOT NULL DEFAULT ''"),
        new("md5", "varchar(32) NOT NULL"),
        new("size", "bigint(20) NOT NULL DEFAULT '0'"),
        new("file_name", "varchar(255) NOT NULL DEFAULT ''"),
        new("uploaded_by", "varchar(64) NOT NULL DEFAULT ''"),
        new("uploaded_at", "datetime NOT NULL"),
        new("is_default", "tinyint(1) NOT NULL DEFAULT '0'"),
    ],
    [
        new("ix_package_server", false, "application", "server_name"),
    ]);

    /// <summary>Which package went to which instance, by whom, in which task, and how it ended.</summary>
    public static readonly TableDefinition PackagePublish = new("tdash_package_publish",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("package_id", "int(11) NOT NULL"),
        new("application", "varchar(128) NOT NULL"),
        new("server_name", "varchar(128) NOT NULL"),
        new("node_name", "varchar(128) NOT NULL"),
        new("task_no", "varchar(64) NOT NULL"),
        new("published_by", "varchar(64) NOT NULL DEFAULT ''"),
        new("published_at", "datetime NOT NULL"),
        new("result", "varchar(16) NOT NULL DEFAULT ''"),
    ],
    [
        new("ix_package_publish_server", false, "application", "server_name"),
    ]);

    /// <summary>A wizard left half-way, per user and wizard kind, so it can be resumed (never holds secrets).</summary>
    public static readonly TableDefinition WizardDraft = new("tdash_wizard_draft",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("user_name", "varchar(64) NOT NULL"),
        new("kind", "varchar(32) NOT NULL"),
        new("step", "int(11) NOT NULL DEFAULT '0'"),
        new("data_json", "mediumtext"),
        new("updated_at", "datetime NOT NULL"),
    ],
    [
        new("uk_wizard_draft_user_kind", true, "user_name", "kind"),
    ]);

    /// <summary>Dashboard-wide flags and values (for example whether the first-run wizard has been completed).</summary>
    public static readonly TableDefinition Setting = new("tdash_setting",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("name", "varchar(64) NOT NULL"),
        new("value", "text"),
        new("updated_at", "datetime NOT NULL"),
    ],
    [
        new("uk_setting_name", true, "name"),
    ]);

    /// <summary>Alert rules: what to watch (kind, thresholds), where (<c>*</c>, <c>App</c> or <c>App.Server</c>) and the webhook (URL encrypted).</summary>
    public static readonly TableDefinition AlertRule = new("tdash_alert_rule",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("name", "varchar(128) NOT NULL"),
        new("kind", "varchar(32) NOT NULL"),
        new("scope", "varchar(128) NOT NULL"),
        new("threshold", "int(11) NOT NULL DEFAULT '0'"),
        new("window_minutes", "int(11) NOT NULL DEFAULT '0'"),
        new("channel_kind", "varchar(16) NOT NULL"),
        new("webhook_url", "text NOT NULL"),
        new("enabled", "tinyint(1) NOT NULL DEFAULT '1'"),
        new("updated_by", "varchar(64) NOT NULL DEFAULT ''"),
        new("updated_at", "datetime NOT NULL"),
        AlertPattern,
        AlertPatternRegex,
    ],
    [
        new("ix_alert_rule_scope", false, "scope"),
    ]);

    /// <summary>Every firing, recovery and test of an alert rule, with how its webhook delivery ended.</summary>
    public static readonly TableDefinition AlertHistory = new("tdash_alert_history",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("at", "datetime NOT NULL"),
        new("rule_id", "int(11) NOT NULL"),
        new("rule_name", "varchar(128) NOT NULL"),
        new("kind", "varchar(32) NOT NULL"),
        new("state", "varchar(16) NOT NULL"),
        new("target", "varchar(255) NOT NULL"),
        new("target_key", "varchar(255) NOT NULL DEFAULT ''"),
        new("node_name", "varchar(128) NOT NULL DEFAULT ''"),
        new("application", "varchar(128) NOT NULL DEFAULT ''"),
        new("service", "varchar(255) NOT NULL DEFAULT ''"),
        new("message", "text"),
        new("delivery", "varchar(16) NOT NULL"),
        new("delivery_detail", "varchar(255) NOT NULL DEFAULT ''"),
        new("attempts", "int(11) NOT NULL DEFAULT '0'"),
    ],
    [
        new("ix_alert_history_at", false, "at"),
        new("ix_alert_history_app", false, "application"),
    ]);

    /// <summary>
    /// Down-sampled resource history of service containers, one row per container, resolution (point width in
    /// seconds) and point time; the key index serves a chart's range query and the retention prune alike.
    /// </summary>
    public static readonly TableDefinition ResourcePoint = new("tdash_resource_point",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("node_name", "varchar(128) NOT NULL"),
        new("container", "varchar(255) NOT NULL"),
        new("resolution", "int(11) NOT NULL"),
        new("at", "datetime NOT NULL"),
        new("cpu_percent", "double NOT NULL DEFAULT '0'"),
        new("memory_used", "bigint(20) NOT NULL DEFAULT '0'"),
        new("memory_limit", "bigint(20) NOT NULL DEFAULT '0'"),
        new("network_rx", "bigint(20) NOT NULL DEFAULT '0'"),
        new("network_tx", "bigint(20) NOT NULL DEFAULT '0'"),
        new("block_read", "bigint(20) NOT NULL DEFAULT '0'"),
        new("block_write", "bigint(20) NOT NULL DEFAULT '0'"),
        new("restarts", "int(11) NOT NULL DEFAULT '0'"),
    ],
    [
        new("ix_resource_point_series", false, "node_name", "container", "resolution", "at"),
        new("ix_resource_point_prune", false, "resolution", "at"),
    ]);

    /// <summary>
    /// A release: a package with the image (and config versions) it runs with, rolled out to nodes in batches behind
    /// health gates, or a rollback to an earlier release. Its nodes and their progress are in <c>tdash_release_node</c>.
    /// </summary>
    public static readonly TableDefinition Release = new("tdash_release",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("application", "varchar(128) NOT NULL"),
        new("server_name", "varchar(128) NOT NULL"),
        new("kind", "varchar(16) NOT NULL"),
        new("package_id", "int(11) NOT NULL"),
        new("package_md5", "varchar(32) NOT NULL DEFAULT ''"),
        new("package_label", "varchar(255) NOT NULL DEFAULT ''"),
        new("base_image_id", "int(11) DEFAULT NULL"),
        new("image", "varchar(255) NOT NULL DEFAULT ''"),
        new("config_json", "mediumtext"),
        new("source_release_id", "int(11) DEFAULT NULL"),
        new("reverts_release_id", "int(11) DEFAULT NULL"),
        new("batch_size", "int(11) NOT NULL DEFAULT '0'"),
        new("batch_percent", "int(11) NOT NULL DEFAULT '0'"),
        new("wait_seconds", "int(11) NOT NULL DEFAULT '0'"),
        new("log_pattern", "varchar(255) NOT NULL DEFAULT ''"),
        new("failure_gate", "tinyint(1) NOT NULL DEFAULT '0'"),
        new("state", "varchar(16) NOT NULL"),
        new("detail", "varchar(1024) NOT NULL DEFAULT ''"),
        new("created_by", "varchar(64) NOT NULL DEFAULT ''"),
        new("created_at", "datetime NOT NULL"),
        new("ended_at", "datetime DEFAULT NULL"),
    ],
    [
        new("ix_release_server", false, "application", "server_name"),
    ]);

    /// <summary>One instance of a release: its batch, what it ran before (for a rollback), its gate and its outcome.</summary>
    public static readonly TableDefinition ReleaseNode = new("tdash_release_node",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("release_id", "int(11) NOT NULL"),
        new("server_id", "int(11) NOT NULL"),
        new("node_name", "varchar(128) NOT NULL"),
        new("batch", "int(11) NOT NULL"),
        new("state", "varchar(16) NOT NULL"),
        new("task_no", "varchar(64) NOT NULL DEFAULT ''"),
        new("previous_package_id", "int(11) DEFAULT NULL"),
        new("previous_base_image_id", "int(11) DEFAULT NULL"),
        new("detail", "varchar(1024) NOT NULL DEFAULT ''"),
        new("started_at", "datetime DEFAULT NULL"),
        new("ended_at", "datetime DEFAULT NULL"),
    ],
    [
        new("ix_release_node_release", false, "release_id"),
    ]);

    /// <summary>
    /// Named leases between dashboard instances on one database (<c>leader</c>: who runs the background work). Times are
    /// the database's own clock in UTC (<see cref="ISqlDialect.UtcNow"/>), never an instance's.
    /// </summary>
    public static readonly TableDefinition Lease = new("tdash_lease",
    [
        new("name", "varchar(64) NOT NULL PRIMARY KEY"),
        new("owner", "varchar(128) NOT NULL DEFAULT ''"),
        new("expires_at", "datetime NOT NULL"),
        new("renewed_at", "datetime NOT NULL"),
    ],
    []);

    /// <summary>
    /// Which dashboard instance runs a task (a <c>t_task.task_no</c>, or <c>release-N</c> for a release) and when it last
    /// said so (database clock, UTC): <c>t_task</c> is Tars' own table, so the owner lives here.
    /// </summary>
    public static readonly TableDefinition TaskOwner = new("tdash_task_owner",
    [
        new("task_no", "varchar(64) NOT NULL PRIMARY KEY"),
        new("owner", "varchar(128) NOT NULL"),
        new("heartbeat_at", "datetime NOT NULL"),
    ],
    [
        new("ix_task_owner_owner", false, "owner"),
    ]);

    /// <summary>
    /// How far each node's engine event stream has been handled (the engine's own <c>timeNano</c> of the last event): a
    /// new leader, or a watcher reconnecting, resumes right after it, so events of the gap are neither lost nor doubled.
    /// </summary>
    public static readonly TableDefinition EngineCursor = new("tdash_engine_cursor",
    [
        new("node_name", "varchar(128) NOT NULL PRIMARY KEY"),
        new("time_nano", "bigint(20) NOT NULL DEFAULT '0'"),
        new("updated_at", "datetime NOT NULL"),
    ],
    []);

    /// <summary>Columns added after a table first shipped: the migration adds each where it is missing.</summary>
    public static IReadOnlyList<(string Table, ColumnDefinition Column)> UpgradeColumns { get; } =
    [
        ("tdash_node", Management),
        ("tdash_alert_rule", AlertPattern),
        ("tdash_alert_rule", AlertPatternRegex),
    ];

    public static IReadOnlyList<TableDefinition> All { get; } = [Node, User, Grant, Audit, ApiToken, DataProtectionKey, SecretKey, Package, PackagePublish, WizardDraft, Setting, AlertRule, AlertHistory, ResourcePoint, Release, ReleaseNode, Lease, TaskOwner, EngineCursor];
}
