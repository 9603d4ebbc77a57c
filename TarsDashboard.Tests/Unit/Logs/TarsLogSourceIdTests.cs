using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using Xunit;

namespace TarsDashboard.Tests.Logs;

/// <summary><c>tarslog:NODE:App.Server:FILE</c> ids: strict parsing (the file name reaches tarsnode's shell), labels, and grants.</summary>
public sealed class TarsLogSourceIdTests
{
    [Theory]
    [InlineData("tarslog:10.0.0.5:tars.tarsnode:tars.tarsnode.log", "10.0.0.5", "tars", "tarsnode", "tars.tarsnode.log")]
    [InlineData("tarslog:node1:tars.tarsnode:tars.tarsnode.Test.Hello.log", "node1", "tars", "tarsnode", "tars.tarsnode.Test.Hello.log")]
    [InlineData("tarslog:node-2.lan:Test.Hello:Test.Hello_2024-01-02.log", "node-2.lan", "Test", "Hello", "Test.Hello_2024-01-02.log")]
    public void Canonical_tars_log_ids_parse_into_their_parts_and_format_back(string text, string node, string application, string server,
        string file)
    {
        var id = LogSourceId.Parse(text);

        Assert.Equal(LogSourceKind.TarsLog, id.Kind);
        Assert.Equal((node, application, server, file), (id.Node, id.Application, id.Server, id.LogFile));
        Assert.Equal(text, id.ToString());
        Assert.Equal(id, LogSourceId.ForTarsLog(node, application, server, file));
    }

    [Theory]
    [InlineData("tarslog:node1:Test.Hello")]
    [InlineData("tarslog:node1:Test.Hello:")]
    [InlineData("tarslog:node1:Test.Hello:Test.Hello.txt")]
    [InlineData("tarslog:node1:Test.Hello:../../etc/shadow.log")]
    [InlineData("tarslog:node1:Test.Hello:/var/log/x.log")]
    [InlineData("tarslog:node1:Test.Hello:sub/x.log")]
    [InlineData("tarslog:node1:Test.Hello:a b.log")]
    [InlineData("tarslog:node1:Test.Hello:x.log;rm -rf /;.log")]
    [InlineData("tarslog:node1:Test.Hello:$(id).log")]
    [InlineData("tarslog:node1:Test.Hello:`id`.log")]
    [InlineData("tarslog:node1:Test.Hello:x.log|sh.log")]
    [InlineData("tarslog:node1:Test.Hello:x\".log")]
    [InlineData("tarslog:node1:Test.Hello:x\n.log")]
    [InlineData("tarslog:node1:Test.Hello:x.log:y.log")]
    [InlineData("tarslog:node1:Test:Test.log")]
    [InlineData("tarslog:node1:Test.Hello.World:x.log")]
    [InlineData("tarslog:node 1:Test.Hello:Test.Hello.log")]
    [InlineData("tarslog::Test.Hello:Test.Hello.log")]
    public void Anything_but_a_bare_log_file_name_of_a_Tars_service_is_refused_with_a_reason(string text)
    {
        Assert.False(LogSourceId.TryParse(text, out var id, out var error));
        Assert.Null(id);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void File_names_longer_than_a_file_system_allows_are_refused()
    {
        var name = new string('a', LogSourceId.MaxLogFileLength - 3) + ".log";

        Assert.False(LogSourceId.TryParse($"tarslog:n1:Test.Hello:{name}", out _, out _));
        Assert.Throws<ArgumentException>(() => LogSourceId.ForTarsLog("n1", "Test", "Hello", name));
        Assert.Throws<ArgumentException>(() => LogSourceId.ForTarsLog("n1", "Test", "Hello", "x;.log"));
        Assert.Throws<ArgumentException>(() => LogSourceId.ForTarsLog("n1", "1Test", "Hello", "x.log"));
    }

    [Fact]
    public void A_tars_log_is_labelled_by_its_file_and_node()
    {
        Assert.Equal("tars.tarsnode.log@10.0.0.5", LogSourceLabel.Short(LogSourceId.Parse("tarslog:10.0.0.5:tars.tarsnode:tars.tarsnode.log")));
    }

    [Theory]
    [InlineData("tarslog:node1:Test.Hello:Test.Hello.log", Permission.TailLogs, "Test.Hello")]
    [InlineData("tarslog:node1:Test.Hello:Test.Hello_access.log", Permission.TailLogs, "Test.Hello")]
    [InlineData("tarslog:node1:tars.tarsnode:tars.tarsnode.Test.Hello.log", Permission.TailLogs, "Test.Hello")]
    [InlineData("tarslog:node1:tars.tarsnode:tars.tarsnode.log", Permission.OperateService, "*")]
    [InlineData("tarslog:node1:tars.tarsnode:tars.tarsnode1.log", Permission.OperateService, "*")]
    [InlineData("tarslog:node1:tars.tarsnode:tars.tarsnode.Test.log", Permission.OperateService, "*")]
    [InlineData("tarslog:node1:tars.tarsregistry:tars.tarsregistry.log", Permission.TailLogs, "tars.tarsregistry")]
    [InlineData("file:node1:tars-node:/usr/local/app/tars/app_log/tars/tarsnode/tars.tarsnode.log", Permission.OperateService, "*")]
    [InlineData("file:node1:tars-node:/usr/local/app/tars/app_log/tars/tarsnode/tars.tarsnode.Test.Hello.log", Permission.TailLogs, "Test.Hello")]
    [InlineData("file:node1:tars-node:/usr/local/app/tars/app_log/tars/tarsnode/deeper/tars.tarsnode.log", Permission.ManageNodes, "*")]
    [InlineData("file:node1:tars-node:/usr/local/app/tars/app_log/Test/Hello/Test.Hello.log", Permission.ManageNodes, "*")]
    public void A_service_s_tars_logs_need_TailLogs_on_it_and_tarsnode_s_own_log_an_operator_on_everything(string text, Permission permission,
        string target)
    {
        var needs = LogSourceAccess.Required(LogSourceId.Parse(text));

        Assert.Equal((permission, target), (needs.Permission, needs.Target.ToString()));
    }

    [Theory]
    [InlineData(Role.Operator, "*", true)]
    [InlineData(Role.Admin, "*", true)]
    [InlineData(Role.Developer, "*", false)]
    [InlineData(Role.Operator, "Test", false)]
    public void The_tarsnode_log_is_open_to_operators_and_admins_on_everything(Role role, string scope, bool allowed)
    {
        var (permission, target) = LogSourceAccess.Required(LogSourceId.Parse("tarslog:node1:tars.tarsnode:tars.tarsnode.log"));

        Assert.Equal(allowed, AccessControl.IsAllowed([new Grant("u1", role, scope)], permission, target));
    }
}
