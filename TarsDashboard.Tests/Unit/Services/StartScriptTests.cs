using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;
using TarsDashboard.Tests.Infrastructure;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>The tars_start.sh the dashboard writes before a container-mode start, per server type, as tarsnode writes it.</summary>
public sealed class StartScriptTests
{
    private const string ServerDir = "/usr/local/app/tars/tarsnode/data/Test.HelloServer";
    private const string Conf = ServerDir + "/conf/Test.HelloServer.config.conf";

    private static ServerConfRow Row(string serverType = "tars_cpp", string exePath = "", string basePath = "", string? startScript = null) => new()
    {
        Id = 1, Application = "Test", ServerName = "HelloServer", NodeName = "10.0.0.7", ServerType = serverType, ExePath = exePath,
        BasePath = basePath, StartScriptPath = startScript, RunType = RunTypes.Container,
    };

    private static TarsConfigDocument Config(string serverSection = "") =>
        TarsConfigParser.Parse($"<tars>\n<application>\n<server>\n{serverSection}\n</server>\n</application>\n</tars>\n").Document!;

    private static string Script(ServerConfRow row, string serverSection = "", string? program = null, string? nodePackage = null)
    {
        var config = Config(serverSection);
        var layout = ServiceLayout.For(row, config);
        return StartScript.Build(StartScriptInput.From(layout, config, program ?? layout.ExeFile, nodePackage));
    }

    private static string[] Lines(string script) => script.Split('\n');

    [Fact]
    public void A_cpp_service_runs_its_program_with_the_config_in_the_foreground_after_the_exports_and_the_trap()
    {
        var script = Script(Row());

        var lines = Lines(script);
        Assert.Equal("#!/bin/sh", lines[0]);
        Assert.Contains($"export LD_LIBRARY_PATH=\"$LD_LIBRARY_PATH\":{ServerDir}/bin/:/usr/local/app/tars/tarsnode/data/lib/", lines);
        Assert.Contains("trap 'exit' TERM INT", lines);
        Assert.Equal($"exec {ServerDir}/bin/HelloServer --config={Conf}", lines.Last(l => l.Length > 0));
        // In a container: the command stays in front; no background job, no pidfile, no /etc/profile.
        Assert.DoesNotContain("&", script);
        Assert.DoesNotContain(".pid", script);
        Assert.DoesNotContain("/etc/profile", script);
        Assert.True(Array.IndexOf(lines, "trap 'exit' TERM INT") < Array.FindIndex(lines, l => l.StartsWith("exec ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_go_service_runs_like_a_cpp_one()
    {
        Assert.Equal(Script(Row()), Script(Row("tars_go")));
    }

    [Fact]
    public void Exe_path_names_the_program_and_its_folder_as_tarsnode_reads_it()
    {
        var relative = ServiceLayout.For(Row(exePath: "shared/Hello"), null);
        Assert.Equal(($"{ServerDir}/bin/shared/Hello", $"{ServerDir}/bin/shared/"), (relative.ExeFile, relative.ExePath));

        var absolute = ServiceLayout.For(Row(exePath: "/opt/hello/bin/HelloServer"), null);
        Assert.Equal(("/opt/hello/bin/HelloServer", "/opt/hello/bin/", "/opt/hello/bin/tars_start.sh"),
            (absolute.ExeFile, absolute.ExePath, absolute.StartScriptFile));
        Assert.Contains("exec /opt/hello/bin/HelloServer --config=", Script(Row(exePath: "/opt/hello/bin/HelloServer")));
        Assert.Contains("\"$LD_LIBRARY_PATH\":/opt/hello/bin/:", Script(Row(exePath: "/opt/hello/bin/HelloServer")));
    }

    [Fact]
    public void Base_path_moves_the_service_folder_config_and_program()
    {
        var layout = ServiceLayout.For(Row(basePath: "/data/svc/hello/"), null);

        Assert.Equal(("/data/svc/hello", "/data/svc/hello/bin/", "/data/svc/hello/bin/HelloServer", "/data/svc/hello/conf/Test.HelloServer.config.conf"),
            (layout.ServerDir, layout.ExePath, layout.ExeFile, layout.ConfigFile));
        // A relative base_path is ignored, as tarsnode ignores it.
        Assert.Equal(ServerDir, ServiceLayout.For(Row(basePath: "data/x"), null).ServerDir);
    }

    [Fact]
    public void A_java_service_runs_java_with_the_config_jvm_parameters_class_path_and_main_class_from_the_template()
    {
        var script = Script(Row("tars_java"),
            "jvmparams=-Xms512m  -Xmx1g\t-Dlog.dir=/usr/local/app/tars/app_log\nclasspath=/srv/bin/conf:/srv/bin/lib\nmainclass=com.qq.test.helloserver.HelloServer");

        Assert.Equal(
            $"exec java -Dconfig={Conf} -Xms512m -Xmx1g -Dlog.dir=/usr/local/app/tars/app_log -cp '/srv/bin/conf:/srv/bin/lib/*' com.qq.test.helloserver.HelloServer",
            Lines(script).Last(l => l.Length > 0));
    }

    [Fact]
    public void A_java_jar_package_runs_the_main_class_without_a_class_path_and_the_template_may_name_the_java_program()
    {
        var script = Script(Row("tars_java"), "java=/usr/local/jdk/bin/java\npackageFormat=jar\nmainclass=-jar /srv/bin/Hello.jar");

        Assert.Equal($"exec /usr/local/jdk/bin/java -Dconfig={Conf} -jar /srv/bin/Hello.jar", Lines(script).Last(l => l.Length > 0));
    }

    [Fact]
    public void A_nodejs_service_runs_the_node_agent_with_the_package_folder_and_the_config()
    {
        var script = Script(Row("tars_nodejs"), program: $"{ServerDir}/bin/tars_nodejs/node", nodePackage: $"{ServerDir}/bin/app/");

        Assert.Equal($"exec {ServerDir}/bin/tars_nodejs/node {ServerDir}/bin/tars_nodejs/node-agent/bin/node-agent {ServerDir}/bin/app -c {Conf}",
            Lines(script).Last(l => l.Length > 0));
        // Without a package.json found, the exe path itself.
        Assert.EndsWith($"exec node {ServerDir}/bin/tars_nodejs/node-agent/bin/node-agent {ServerDir}/bin -c {Conf}\n", Script(Row("tars_nodejs")));
    }

    [Fact]
    public void A_php_service_runs_php_on_its_entrance_then_keeps_the_container_alive()
    {
        var script = Script(Row("tars_php"));
        Assert.EndsWith($"\nphp {ServerDir}/bin/src/index.php --config={Conf}\nwhile true; do sleep 1; done\n", script);

        Assert.Contains("\nphp /srv/app/main.php --config=", Script(Row("tars_php"), "entrance=/srv/app/main.php"));
    }

    [Fact]
    public void A_start_script_is_made_executable_and_run_with_the_service_id_in_front()
    {
        var script = Script(Row("not_tars", startScript: "start.sh"));

        var lines = Lines(script);
        Assert.Contains($"[ -x {ServerDir}/bin/start.sh ] || chmod +x {ServerDir}/bin/start.sh", lines);
        Assert.Equal($"exec {ServerDir}/bin/start.sh Test.HelloServer", lines.Last(l => l.Length > 0));
        // Also for a Tars server type: the script wins, as in tarsnode.
        Assert.EndsWith("exec /opt/run.sh Test.HelloServer\n", Script(Row("tars_cpp", startScript: "/opt/run.sh")));
    }

    [Fact]
    public void Values_from_the_database_are_single_words_for_the_shell()
    {
        var script = Script(Row(exePath: "/opt/my app/$(reboot)/Hello;rm -rf"), "jvmparams=x");

        Assert.Contains("exec '/opt/my app/$(reboot)/Hello;rm -rf' --config=", script);
        Assert.Contains(":'/opt/my app/$(reboot)/':", script);
    }

    [Fact]
    public void Env_entries_split_at_semicolons_and_bars_become_exports_before_ld_library_path()
    {
        var script = Script(Row(), "env=LANG=C.UTF-8; TZ=Asia/Shanghai|APP_MODE=prod;;");

        var lines = Lines(script);
        Assert.Equal(["export LANG=\"C.UTF-8\"", "export TZ=\"Asia/Shanghai\"", "export APP_MODE=\"prod\""], lines[2..5]);
        Assert.StartsWith("export LD_LIBRARY_PATH=", lines[5]);
    }

    [Fact]
    public void An_env_name_that_is_not_a_shell_variable_refuses_the_start()
    {
        var refused = Assert.Throws<ValidationFailedException>(() => StartScript.ExportLines("GOOD=1;rm -rf /=x"));

        Assert.Equal("Service.Env.InvalidName", Assert.Single(refused.Errors).Code);
        Assert.Contains("rm -rf /", refused.Message);
        Assert.Throws<ValidationFailedException>(() => StartScript.ExportLines("1ABC=x"));
        Assert.Equal(["export HOME"], StartScript.ExportLines("HOME"));
    }

    [Fact]
    public async Task Env_values_mean_to_the_shell_what_the_admin_typed_except_commands()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Run the exports in a real POSIX shell and read back what each variable holds.
        var exports = StartScript.ExportLines(
            "BASE=/opt/x;PATH2=$BASE/bin:${BASE}/sbin;QUOTED=\"a b\";LITERAL='$BASE';CMD=$(echo pwned) `id`;SPACE=one two;EMPTY=;COST=5$;BACK=a\\b");
        var names = new[] { "PATH2", "QUOTED", "LITERAL", "CMD", "SPACE", "EMPTY", "COST", "BACK" };
        var probe = string.Join('\n', exports.Concat(names.Select(n => $"printf '{n}=[%s]\\n' \"${n}\"")));

        var output = await ExternalCommand.RunCheckedAsync("/bin/sh", ["-c", probe]);

        Assert.Equal(
            ["PATH2=[/opt/x/bin:/opt/x/sbin]", "QUOTED=[a b]", "LITERAL=[$BASE]", "CMD=[$(echo pwned) `id`]", "SPACE=[one two]", "EMPTY=[]",
                "COST=[5$]", "BACK=[a\\b]"],
            output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task The_generated_script_is_valid_shell_for_every_server_type()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var type in ServerTypes.All)
        {
            var row = Row(type, startScript: type == "not_tars" ? "start.sh" : null);
            var script = Script(row, "env=A=1;B=$A:2\njvmparams=-Xmx1g\nmainclass=Main\nclasspath=/x");
            var (exitCode, _, error) = await ExternalCommand.RunAsync("/bin/sh", ["-n", "-c", script]);
            Assert.True(exitCode == 0, $"{type}: {error}\n{script}");
        }
    }
}
