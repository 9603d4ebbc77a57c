using System.Diagnostics;
using Docker.DotNet.Models;
using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;
using TarsDashboard.Core.Validation;
using Xunit;
using ContainerSpec = TarsDashboard.Core.Services.ContainerSpec;

namespace TarsDashboard.Tests.Services;

public sealed class ContainerSpecBuilderTests
{
    private const string ServerDir = "/usr/local/app/tars/tarsnode/data/Test.HelloServer";
    private const string LogDir = "/usr/local/app/tars/app_log";
    private const string Image = "registry.example:5000/tars/cppbase:v1";

    private static readonly ServerConfRow Server = new()
    {
        Id = 7, Application = "Test", ServerName = "HelloServer", NodeName = "10.0.0.7", RunType = "container", BaseImageId = 1,
    };

    private const string TemplateWithContainer = """
        <tars>
          <application>
            <container>
              <volumes>
                /data/host/cache=/data/cache
              </volumes>
              <ports>
                80/tcp=192.168.0.1:8080
                7778/udp=7778
              </ports>
            </container>
          </application>
        </tars>
        """;

    private static TarsConfigDocument Merged(params string[] profiles) =>
        TarsConfigMerger.MergeChain(new[] { DefaultTemplate.Profile }.Concat(profiles).Select(p => TarsConfigParser.Parse(p).Document!));

    [Fact]
    public void Start_creates_container_named_app_server_with_host_network_host_ipc_and_the_start_script()
    {
        var spec = ContainerSpecBuilder.Build(Server, Merged(), null, Image);

        Assert.Equal("Test.HelloServer", spec.Name);
        Assert.Equal(Image, spec.Image);
        Assert.Equal([ServerDir + "/bin/tars_start.sh"], spec.Entrypoint);
        Assert.Equal(("host", "host", true), (spec.NetworkMode, spec.IpcMode, spec.IsHostNetwork));
        Assert.Empty(spec.Environment);
        Assert.Equal([new("tars.app", "Test"), new("tars.server", "HelloServer"), new("tars.node", "10.0.0.7")], spec.Labels);
    }

    [Fact]
    public void Binds_the_service_folder_the_log_folder_localtime_read_only_and_the_template_volumes()
    {
        var spec = ContainerSpecBuilder.Build(Server, Merged(TemplateWithContainer), null, Image);

        Assert.Equal(
            [$"{ServerDir}:{ServerDir}", $"{LogDir}:{LogDir}", "/etc/localtime:/etc/localtime:ro", "/data/host/cache:/data/cache"],
            spec.Binds.Select(b => b.ToString()));
    }

    [Fact]
    public void With_tars_hostpath_the_sources_of_the_service_and_log_folders_move_under_it_and_targets_stay()
    {
        var node = new NodeRow { NodeName = "10.0.0.7", TarsHostpath = "/data/tars/" };

        var spec = ContainerSpecBuilder.Build(Server, Merged(TemplateWithContainer), node, Image);

        Assert.Equal(
            [
                new ContainerBind("/data/tars/tarsnode-data/Test.HelloServer", ServerDir),
                new ContainerBind("/data/tars/app_log", LogDir),
                new ContainerBind("/etc/localtime", "/etc/localtime", ReadOnly: true),
                new ContainerBind("/data/host/cache", "/data/cache"),
            ],
            spec.Binds);
        Assert.Equal(ServerDir + "/bin/tars_start.sh", spec.Entrypoint[0]);
    }

    [Fact]
    public void Base_path_and_exe_path_move_the_service_folder_bind_and_the_start_script_as_tarsnode_does()
    {
        var node = new NodeRow { NodeName = "10.0.0.7", TarsHostpath = "/data/tars" };
        var moved = new ServerConfRow
        {
            Id = 7, Application = "Test", ServerName = "HelloServer", NodeName = "10.0.0.7", RunType = "container", BaseImageId = 1,
            BasePath = "/srv/hello", ExePath = "/opt/hello/bin/HelloServer",
        };

        var spec = ContainerSpecBuilder.Build(moved, Merged(), node, Image);

        // Outside tarsnode's data folder, TARS_HOSTPATH does not apply to it (tarsnode replaces only that prefix).
        Assert.Equal(new ContainerBind("/srv/hello", "/srv/hello"), spec.Binds[0]);
        Assert.Equal(["/opt/hello/bin/tars_start.sh"], spec.Entrypoint);
    }

    [Fact]
    public void A_node_without_tars_hostpath_binds_the_folders_at_their_own_paths()
    {
        var spec = ContainerSpecBuilder.Build(Server, Merged(), new NodeRow { NodeName = "10.0.0.7", TarsHostpath = "  " }, Image);

        Assert.Equal(ServerDir, spec.Binds[0].Source);
        Assert.Equal(LogDir, spec.Binds[1].Source);
    }

    [Fact]
    public void On_the_host_network_no_port_is_published_even_when_the_template_lists_ports()
    {
        var options = new ContainerSpecOptions { AdapterEndpoints = [EndpointText.Parse("tcp -h 10.0.0.7 -t 60000 -p 12000 -e 0")] };

        var spec = ContainerSpecBuilder.Build(Server, Merged(TemplateWithContainer), null, Image, options);
        var create = spec.ToCreateParameters();

        Assert.Empty(spec.Ports);
        Assert.Null(create.HostConfig!.PortBindings);
        Assert.Null(create.ExposedPorts);
        Assert.DoesNotContain(" -p ", spec.ToDockerRunLine());
    }

    [Fact]
    public void Off_the_host_network_template_ports_and_adapter_ports_are_published()
    {
        var options = new ContainerSpecOptions
        {
            NetworkMode = "tars",
            AdapterEndpoints = [EndpointText.Parse("tcp -h 10.0.0.7 -t 60000 -p 12000 -e 0"), EndpointText.Parse("udp -h 10.0.0.7 -p 7778")],
        };

        var spec = ContainerSpecBuilder.Build(Server, Merged(TemplateWithContainer), null, Image, options);
        var create = spec.ToCreateParameters();

        Assert.Equal(["192.168.0.1:8080:80/tcp", "7778:7778/udp", "12000:12000/tcp"], spec.Ports.Select(p => p.ToString()));
        Assert.Equal("tars", create.HostConfig!.NetworkMode);
        Assert.Equal(["80/tcp", "7778/udp", "12000/tcp"], create.ExposedPorts!.Keys);
        Assert.Equal(("192.168.0.1", "8080"), (create.HostConfig!.PortBindings!["80/tcp"][0].HostIP, create.HostConfig!.PortBindings!["80/tcp"][0].HostPort));
        Assert.Contains("-p 12000:12000/tcp", spec.ToDockerRunLine());
    }

    [Fact]
    public void Create_parameters_carry_host_network_host_ipc_binds_no_auto_remove_and_no_restart()
    {
        var create = ContainerSpecBuilder.Build(Server, Merged(TemplateWithContainer), null, Image).ToCreateParameters();

        Assert.Equal(("Test.HelloServer", Image), (create.Name, create.Image));
        Assert.Equal([ServerDir + "/bin/tars_start.sh"], create.Entrypoint);
        Assert.Equal(("host", "host"), (create.HostConfig!.NetworkMode, create.HostConfig!.IpcMode));
        Assert.False(create.HostConfig!.AutoRemove);
        Assert.Equal(RestartPolicyKind.No, create.HostConfig!.RestartPolicy!.Name);
        Assert.True(create.HostConfig!.Privileged);
        Assert.Equal(4, create.HostConfig!.Binds.Count);
        Assert.Contains("/etc/localtime:/etc/localtime:ro", create.HostConfig!.Binds);
        Assert.Equal("HelloServer", create.Labels["tars.server"]);
        Assert.Empty(create.Env);
    }

    [Fact]
    public void The_run_line_reads_like_tarsnode_s_docker_command()
    {
        var line = ContainerSpecBuilder.Build(Server, Merged(), null, Image).ToDockerRunLine();

        Assert.Equal(
            "docker run -d --name Test.HelloServer --network host --ipc host --privileged --restart no " +
            $"-v {ServerDir}:{ServerDir} -v {LogDir}:{LogDir} -v /etc/localtime:/etc/localtime:ro " +
            "--label tars.app=Test --label tars.server=HelloServer --label tars.node=10.0.0.7 " +
            $"--entrypoint {ServerDir}/bin/tars_start.sh {Image}",
            line);
    }

    [Fact]
    public void Hostile_paths_in_the_run_line_stay_single_arguments_for_a_shell()
    {
        // Valid for Tars and Docker (no ':' '=' '#' '\'), but full of shell syntax.
        const string hostile = "/data/it's $(echo INJECTED) `echo INJECTED`; rm -rf ~ | \"x\" & $HOME *";
        var template = $"<tars>\n<application>\n<container>\n<volumes>\n{hostile}=/data/in'side\n</volumes>\n</container>\n</application>\n</tars>";
        var node = new NodeRow { NodeName = "10.0.0.7", TarsHostpath = "/data/o'brien $(x)" };
        var spec = ContainerSpecBuilder.Build(Server, Merged(template), node, Image);
        var line = spec.ToDockerRunLine();

        Assert.Contains("'/data/it'\\''s $(echo INJECTED) `echo INJECTED`; rm -rf ~ | \"x\" & $HOME *:/data/in'\\''side'", line);

        // A POSIX shell reading the line (with a harmless printf in docker's place) gets back exactly the arguments.
        var words = ShellWords("printf '%s\\n' " + line["docker ".Length..]);
        Assert.Equal(ExpectedWords(spec), words);
        var lines = spec.ToDockerRunLines();
        Assert.Equal(ExpectedWords(spec), ShellWords("printf '%s\\n' " + lines["docker ".Length..]));
        Assert.Equal(spec.Binds.Count + spec.Labels.Count + 8, lines.Split('\n').Length);
        Assert.Equal("/data/o'brien $(x)/app_log:" + LogDir, words[words.IndexOf("-v") + 3]);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("/usr/local/app:x=y,z@1%+", "/usr/local/app:x=y,z@1%+")]
    [InlineData("", "''")]
    [InlineData("a b", "'a b'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("'", "''\\'''")]
    [InlineData("$(x)", "'$(x)'")]
    [InlineData("a\nb", "'a\nb'")]
    public void Shell_quoting_leaves_safe_words_and_single_quotes_the_rest(string word, string expected)
    {
        Assert.Equal(expected, ShellQuoting.Quote(word));
    }

    [Fact]
    public void Template_volumes_over_the_service_folder_or_without_an_image_are_refused()
    {
        var template = $"<tars>\n<application>\n<container>\n<volumes>\n/data/x={ServerDir}/conf\n</volumes>\n</container>\n</application>\n</tars>";

        var refused = Assert.Throws<ValidationFailedException>(() => ContainerSpecBuilder.Build(Server, Merged(template), null, " "));

        Assert.Equal(["Container.Volume.OverServiceFolder", "Service.Image.Required"], refused.Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_tars_hostpath_docker_would_split_is_refused()
    {
        var node = new NodeRow { NodeName = "10.0.0.7", TarsHostpath = "/data/a:b" };

        var refused = Assert.Throws<ValidationFailedException>(() => ContainerSpecBuilder.Build(Server, Merged(), node, Image));

        Assert.Equal("Service.Node.HostPathInvalid", Assert.Single(refused.Errors).Code);
    }

    private static List<string> ExpectedWords(ContainerSpec spec)
    {
        var words = new List<string> { "run", "-d", "--name", spec.Name, "--network", "host", "--ipc", "host", "--privileged", "--restart", "no" };
        foreach (var bind in spec.Binds)
        {
            words.AddRange(["-v", bind.ToString()]);
        }

        foreach (var (key, value) in spec.Labels)
        {
            words.AddRange(["--label", $"{key}={value}"]);
        }

        words.AddRange(["--entrypoint", spec.Entrypoint[0], spec.Image]);
        return words;
    }

    private static List<string> ShellWords(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return [.. output.TrimEnd('\n').Split('\n')];
    }
}
