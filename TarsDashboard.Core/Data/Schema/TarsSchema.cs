namespace TarsDashboard.Core.Data.Schema;

/// <summary>
/// The db_tars tables the dashboard uses, as TarsFramework's deploy/framework/sql/db_tars.sql declares them, so that a database the dashboard
/// creates is one the Tars framework and web platform can use, and the other way round.
/// </summary>
public static class TarsSchema
{
    public static readonly TableDefinition ServerConf = new("t_server_conf",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("application", "varchar(128) DEFAULT ''"),
        new("server_name", "varchar(128) DEFAULT ''"),
        new("node_group", "varchar(50) NOT NULL DEFAULT ''"),
        new("node_name", "varchar(50) NOT NULL DEFAULT ''"),
        new("registry_timestamp", "timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"),
        new("base_path", "varchar(128) DEFAULT ''"),
        new("exe_path", "varchar(128) NOT NULL DEFAULT ''"),
        new("template_name", "varchar(128) NOT NULL DEFAULT ''"),
        new("bak_flag", "int(11) NOT NULL DEFAULT '0'"),
        new("setting_state", "enum('active','inactive') NOT NULL DEFAULT 'inactive'"),
        new("present_state", "enum('active','inactive','activating','deactivating','destroyed') NOT NULL DEFAULT 'inactive'"),
        new("process_id", "int(11) NOT NULL DEFAULT '0'"),
        new("patch_version", "varchar(128) NOT NULL DEFAULT ''"),
        new("patch_time", "datetime DEFAULT NULL"),
        new("patch_user", "varchar(128) NOT NULL DEFAULT ''"),
        new("tars_version", "varchar(128) NOT NULL DEFAULT ''"),
        new("posttime", "datetime DEFAULT NULL"),
        new("lastuser", "varchar(30) DEFAULT NULL"),
        new("server_type", "enum('tars_cpp','not_tars','tars_java','tars_nodejs','tars_php','tars_go') NOT NULL DEFAULT 'tars_cpp'"),
        new("start_script_path", "varchar(128) DEFAULT NULL"),
        new("stop_script_path", "varchar(128) DEFAULT NULL"),
        new("monitor_script_path", "varchar(128) DEFAULT NULL"),
        new("enable_group", "char(1) DEFAULT 'N'"),
        new("enable_set", "char(1) NOT NULL DEFAULT 'N'"),
        new("set_name", "varchar(16) DEFAULT NULL"),
        new("set_area", "varchar(16) DEFAULT NULL"),
        new("set_group", "varchar(64) DEFAULT NULL"),
        new("ip_group_name", "varchar(64) DEFAULT NULL"),
        new("profile", "text"),
        new("source", "text"),
        new("config_center_port", "int(11) NOT NULL DEFAULT '0'"),
        new("async_thread_num", "int(11) DEFAULT '3'"),
        new("server_important_type", "enum('0','1','2','3','4','5') DEFAULT '0'"),
        new("grid_flag", "varchar(16) NOT NULL DEFAULT 'NORMAL'"),
        new("flow_state", "enum('active','inactive') NOT NULL DEFAULT 'active'"),
        RunType,
        BaseImageId,
    ],
    [
        new("application", true, "application", "server_name", "node_name"),
        new("node_name", false, "node_name"),
        new("index_i_3", false, "setting_state", "server_type", "application", "server_name", "node_name"),
        new("index_regtime", false, "registry_timestamp"),
    ]);

    /// <summary>Added by the container-mode upgrade (tars_upgrade.conf): '' = native (tgz), 'container' = container mode.</summary>
    public static ColumnDefinition RunType => new("run_type", "varchar(128) DEFAULT ''");

    /// <summary>Added by the container-mode upgrade: the t_base_image.id a container-mode service runs on.</summary>
    public static ColumnDefinition BaseImageId => new("base_image_id", "int(11) DEFAULT '0'");

    public static readonly TableDefinition AdapterConf = new("t_adapter_conf",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("application", "varchar(50) DEFAULT ''"),
        new("server_name", "varchar(128) DEFAULT ''"),
        new("node_name", "varchar(50) DEFAULT ''"),
        new("adapter_name", "varchar(100) DEFAULT ''"),
        new("registry_timestamp", "timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"),
        new("thread_num", "int(11) DEFAULT '1'"),
        new("endpoint", "varchar(128) DEFAULT ''"),
        new("max_connections", "int(11) DEFAULT '1000'"),
        new("allow_ip", "varchar(255) NOT NULL DEFAULT ''"),
        new("servant", "varchar(128) DEFAULT ''"),
        new("queuecap", "int(11) DEFAULT NULL"),
        new("queuetimeout", "int(11) DEFAULT NULL"),
        new("posttime", "datetime DEFAULT NULL"),
        new("lastuser", "varchar(30) DEFAULT NULL"),
        new("protocol", "varchar(64) DEFAULT 'tars'"),
        new("handlegroup", "varchar(64) DEFAULT ''"),
    ],
    [
        new("application", true, "application", "server_name", "node_name", "adapter_name"),
        new("adapter_conf_endpoint_index", false, "endpoint"),
        new("index_regtime_1", false, "registry_timestamp"),
    ]);

    public static readonly TableDefinition NodeInfo = new("t_node_info",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("node_name", "varchar(128) DEFAULT ''"),
        new("node_obj", "varchar(128) DEFAULT ''"),
        new("endpoint_ip", "varchar(50) DEFAULT ''"),
        new("endpoint_port", "int(11) DEFAULT '0'"),
        new("data_dir", "varchar(128) DEFAULT ''"),
        new("load_avg1", "float DEFAULT '0'"),
        new("load_avg5", "float DEFAULT '0'"),
        new("load_avg15", "float DEFAULT '0'"),
        new("last_reg_time", "datetime DEFAULT NULL"),
        new("last_heartbeat", "datetime DEFAULT NULL"),
        new("setting_state", "enum('active','inactive') DEFAULT 'inactive'"),
        new("present_state", "enum('active','inactive') DEFAULT 'inactive'"),
        new("tars_version", "varchar(128) NOT NULL DEFAULT ''"),
        new("template_name", "varchar(128) NOT NULL DEFAULT ''"),
        new("modify_time", "timestamp DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP"),
        new("group_id", "int(11) DEFAULT '-1'"),
        new("label", "text"),
    ],
    [
        new("node_name", true, "node_name"),
        new("indx_node_info_1", false, "last_heartbeat"),
    ]);

    public static readonly TableDefinition ProfileTemplate = new("t_profile_template",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("template_name", "varchar(128) DEFAULT ''"),
        new("parents_name", "varchar(128) DEFAULT ''"),
        new("profile", "text NOT NULL"),
        new("posttime", "datetime DEFAULT NULL"),
        new("lastuser", "varchar(30) DEFAULT NULL"),
    ],
    [
        new("template_name", true, "template_name"),
    ]);

    public static readonly TableDefinition DockerRegistry = new("t_docker_registry",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("registry", "varchar(255) NOT NULL DEFAULT ''"),
        new("username", "varchar(64) NOT NULL DEFAULT ''"),
        new("password", "varchar(128) NOT NULL DEFAULT ''"),
        new("remark", "varchar(255) NOT NULL DEFAULT ''"),
        new("create_time", "datetime DEFAULT NULL"),
        new("update_time", "datetime DEFAULT NULL"),
    ],
    []);

    public static readonly TableDefinition BaseImage = new("t_base_image",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("image", "varchar(255) NOT NULL DEFAULT ''"),
        new("registryId", "int(11) NOT NULL DEFAULT '0'"),
        new("remark", "varchar(255) NOT NULL DEFAULT ''"),
        Result,
        new("create_time", "datetime DEFAULT NULL"),
        new("update_time", "datetime DEFAULT NULL"),
        Sha,
    ],
    []);

    /// <summary>Last pull result; tarsregistry writes it, but the oldest db_tars.sql that has the table lacks it.</summary>
    public static ColumnDefinition Result => new("result", "text");

    /// <summary>Added by the web platform's model sync: the image id last pulled, to tell a stale node copy.</summary>
    public static ColumnDefinition Sha => new("sha", "varchar(255) DEFAULT NULL");

    public static readonly TableDefinition Task = new("t_task",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("task_no", "varchar(40) DEFAULT NULL"),
        new("serial", "tinyint(1) DEFAULT NULL"),
        new("user_name", "varchar(20) DEFAULT NULL"),
        new("create_time", "timestamp NULL DEFAULT NULL"),
    ],
    [
        new("f_task", true, "task_no"),
    ]);

    public static readonly TableDefinition TaskItem = new("t_task_item",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("task_no", "varchar(40) DEFAULT NULL"),
        new("item_no", "varchar(40) DEFAULT NULL"),
        new("application", "varchar(30) DEFAULT NULL"),
        new("server_name", "varchar(50) DEFAULT NULL"),
        new("node_name", "varchar(50) DEFAULT NULL"),
        new("command", "varchar(20) DEFAULT NULL"),
        new("parameters", "text"),
        new("start_time", "datetime DEFAULT NULL"),
        new("end_time", "datetime DEFAULT NULL"),
        new("status", "int(11) DEFAULT NULL"),
        new("set_name", "varchar(20) DEFAULT NULL"),
        new("log", "text"),
    ],
    [
        new("f_uniq", true, "item_no", "task_no"),
        new("f_task_no", false, "task_no"),
        new("f_index", false, "application", "server_name", "command"),
    ]);

    /// <summary>
    /// Packages uploaded for publishing through tarsAdminRegistry (the web platform's upload writes one row per tgz;
    /// tarsAdminRegistry reads <c>tgz</c> and <c>md5</c> by id and marks it published). The <c>tgz(50)</c> prefix
    /// index of db_tars.sql is left out (indexes carry no column type).
    /// </summary>
    public static readonly TableDefinition ServerPatchs = new("t_server_patchs",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("server", "varchar(50) DEFAULT NULL"),
        new("version", "varchar(1000) DEFAULT ''"),
        new("tgz", "text"),
        new("update_text", "varchar(255) DEFAULT NULL"),
        new("reason_select", "varchar(255) DEFAULT NULL"),
        new("is_server_group", "tinyint(2) NOT NULL DEFAULT '0'"),
        new("publish", "tinyint(3) DEFAULT NULL"),
        new("publish_time", "datetime DEFAULT NULL"),
        new("publish_user", "varchar(30) DEFAULT NULL"),
        new("upload_time", "datetime DEFAULT NULL"),
        new("upload_user", "varchar(30) DEFAULT NULL"),
        new("posttime", "datetime DEFAULT NULL"),
        new("lastuser", "varchar(30) DEFAULT NULL"),
        new("is_release_version", "enum('true','false') DEFAULT 'true'"),
        new("package_type", "tinyint(4) DEFAULT '0'"),
        new("group_id", "varchar(64) NOT NULL DEFAULT ''"),
        new("default_version", "tinyint(4) DEFAULT '0'"),
        new("md5", "varchar(40) DEFAULT NULL"),
        new("svn_version", "varchar(50) DEFAULT NULL"),
    ],
    [
        new("server_patchs_server_index", false, "server"),
        new("index_patchs_i1", false, "server"),
    ]);

    /// <summary>
    /// Config files as tarsconfig and the web platform keep them: level 1 (server_name = App, with set_* for a SET),
    /// level 2 (server_name = App.Server) and level 3 (one node, host set). The unique key is the web platform's own.
    /// </summary>
    public static readonly TableDefinition ConfigFiles = new("t_config_files",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("server_name", "varchar(128) DEFAULT ''"),
        new("set_name", "varchar(16) NOT NULL DEFAULT ''"),
        new("set_area", "varchar(16) NOT NULL DEFAULT ''"),
        new("set_group", "varchar(16) NOT NULL DEFAULT ''"),
        new("host", "varchar(50) NOT NULL DEFAULT ''"),
        new("filename", "varchar(128) DEFAULT NULL"),
        new("config", "longtext"),
        new("posttime", "datetime DEFAULT NULL"),
        new("lastuser", "varchar(50) DEFAULT NULL"),
        new("level", "int(11) DEFAULT '2'"),
        new("config_flag", "int(10) NOT NULL DEFAULT '0'"),
    ],
    [
        new("application", true, "server_name", "filename", "host", "level", "set_name", "set_area", "set_group"),
    ]);

    /// <summary>Every version of a config file: the content after each change, with its reason.</summary>
    public static readonly TableDefinition ConfigHistoryFiles = new("t_config_history_files",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("configid", "int(11) DEFAULT NULL"),
        new("reason", "varchar(128) DEFAULT ''"),
        new("reason_select", "varchar(20) NOT NULL DEFAULT ''"),
        new("content", "longtext"),
        new("posttime", "datetime DEFAULT NULL"),
        new("lastuser", "varchar(50) DEFAULT NULL"),
    ],
    []);

    /// <summary>A file (config_id) that includes another (reference_id, an application-level file) before its own text.</summary>
    public static readonly TableDefinition ConfigReferences = new("t_config_references",
    [
        new("id", "", IsAutoIncrementKey: true),
        new("config_id", "int(11) DEFAULT NULL"),
        new("reference_id", "int(11) DEFAULT NULL"),
    ],
    [
        new("config_id", true, "config_id", "reference_id"),
    ]);

    /// <summary>Every Tars table the dashboard creates when missing, in creation order.</summary>
    public static IReadOnlyList<TableDefinition> All { get; } =
        [ServerConf, AdapterConf, NodeInfo, ProfileTemplate, DockerRegistry, BaseImage, Task, TaskItem, ServerPatchs,
         ConfigFiles, ConfigHistoryFiles, ConfigReferences];

    /// <summary>Columns that later Tars versions added: added to an existing table only where absent.</summary>
    public static IReadOnlyList<(string Table, ColumnDefinition Column)> UpgradeColumns { get; } =
    [
        (ServerConf.Name, RunType),
        (ServerConf.Name, BaseImageId),
        (BaseImage.Name, Result),
        (BaseImage.Name, Sha),
    ];
}
