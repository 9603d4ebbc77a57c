using TarsDashboard.Core.Logs;
using TarsDashboard.Core.Security;
using Xunit;

namespace TarsDashboard.Tests.Logs;

public sealed class LogSourceIdTests
{
    [Theory]
    [InlineData("container:node1:Test.Hello", LogSourceKind.Container)]
    [InlineData("container:node-2.lan:4f1c2a9b7d3e", LogSourceKind.Container)]
    [InlineData("file:node1:Test.Hello:/usr/local/app/tars/app_log/Test/Hello/Test.Hello.log", LogSourceKind.File)]
    [InlineData("file:node1:tarsnode:/var/log/with space:and colon.log", LogSourceKind.File)]
    [InlineData("journal:node:node1", LogSourceKind.NodeJournal)]
    [InlineData("journal:service:Test.Hello", LogSourceKind.ServiceJournal)]
    public void Canonical_ids_parse_and_format_back_to_the_same_text(string text, LogSourceKind kind)
    {
        var id = LogSourceId.Parse(text);

        Assert.Equal(kind, id.Kind);
        Assert.Equal(text, id.ToString());
        Assert.Equal(id, LogSourceId.Parse(text));
    }

    [Fact]
    public void Factories_build_the_same_ids_as_parsing()
    {
        Assert.Equal(LogSourceId.Parse("container:node1:Test.Hello"), LogSourceId.ForContainer("node1", "Test.Hello"));
        Assert.Equal("/tmp/x.log", LogSourceId.ForFile("node1", "c1", "/tmp/x.log").Path);
        Assert.Equal(("Test", "Hello"), (LogSourceId.ForServiceJournal("Test", "Hello").Application, LogSourceId.ForServiceJournal("Test", "Hello").Server));
        Assert.Equal("journal:node:node1", LogSourceId.ForNodeJournal("node1").ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("container:node1")]
    [InlineData("container:node1:Test.Hello:extra")]
    [InlineData("container:node 1:Test.Hello")]
    [InlineData("container:node1:/Test.Hello")]
    [InlineData("container:node1:a")]
    [InlineData("container:node1:Test.Hello\n")]
    [InlineData("container:node1\n:Test.Hello")]
    [InlineData("container:-node:Test.Hello")]
    [InlineData("file:node1:c1:relative.log")]
    [InlineData("file:node1:c1:/var/log/../../etc/shadow")]
    [InlineData("file:node1:c1:/var/./log/x.log")]
    [InlineData("file:node1:c1://x.log")]
    [InlineData("file:node1:c1:/var/log/")]
    [InlineData("file:node1:c1:/")]
    [InlineData("file:node1:c1:/var/log/x\u0000.log")]
    [InlineData("file:node1:c1:/var/log/x\n.log")]
    [InlineData("file:node1:c1:/var/log/x\u001b[31m.log")]
    [InlineData("journal:node:")]
    [InlineData("journal:service:Test")]
    [InlineData("journal:service:Test.Hello.World")]
    [InlineData("journal:service:1Test.Hello")]
    [InlineData("journal:other:x")]
    [InlineData("docker:node1:x")]
    public void Anything_but_the_canonical_form_is_refused_with_a_reason(string text)
    {
        Assert.False(LogSourceId.TryParse(text, out var id, out var error));
        Assert.Null(id);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain('\u001b', error);
    }

    [Fact]
    public void Paths_longer_than_the_limit_are_refused()
    {
        var path = "/" + new string('a', LogSourceId.MaxPathLength);

        Assert.False(LogSourceId.TryParse($"file:n1:c1:{path}", out _, out _));
        Assert.Throws<ArgumentException>(() => LogSourceId.ForFile("n1", "c1", path));
    }

    [Theory]
    [InlineData("container:node1:Test.Hello", Permission.TailLogs, "Test.Hello")]
    [InlineData("journal:service:Test.Hello", Permission.TailLogs, "Test.Hello")]
    [InlineData("file:node1:Test.Hello:/usr/local/app/tars/app_log/Test/Hello/Test.Hello.log", Permission.TailLogs, "Test.Hello")]
    [InlineData("file:node1:Test.Hello:/usr/local/app/tars/app_log/Test/Hello/Test.Hello1.log", Permission.TailLogs, "Test.Hello")]
    [InlineData("file:node1:tarsnode:/usr/local/app/tars/app_log/tars/tarsnode/tars.tarsnode.Test.Hello.log", Permission.TailLogs, "Test.Hello")]
    [InlineData("file:node1:Test.Hello:/etc/passwd", Permission.ManageNodes, "*")]
    [InlineData("file:node1:Test.Hello:/usr/local/app/tars/app_log/Shop/Cart/Shop.Cart.log", Permission.ManageNodes, "*")]
    [InlineData("file:node1:Test.Hello:/usr/local/app/tars/app_log/Test/HelloWorld/x.log", Permission.ManageNodes, "*")]
    [InlineData("file:node1:Shop.Cart:/usr/local/app/tars/app_log/Test/Hello/Test.Hello.log", Permission.ManageNodes, "*")]
    [InlineData("container:node1:tarsnode", Permission.ManageNodes, "*")]
    [InlineData("container:node1:4f1c2a9b7d3e", Permission.ManageNodes, "*")]
    [InlineData("container:node1:test_hello", Permission.ManageNodes, "*")]
    [InlineData("journal:node:node1", Permission.ManageNodes, "*")]
    public void A_service_s_own_logs_need_TailLogs_on_it_and_everything_else_on_a_node_needs_ManageNodes(
        string text, Permission permission, string target)
    {
        var needs = LogSourceAccess.Required(LogSourceId.Parse(text));

        Assert.Equal((permission, target), (needs.Permission, needs.Target.ToString()));
    }

    [Fact]
    public void The_service_log_root_is_configurable()
    {
        var id = LogSourceId.Parse("file:node1:Test.Hello:/data/logs/Test/Hello/Test.Hello.log");

        Assert.Equal(Permission.ManageNodes, LogSourceAccess.Required(id).Permission);
        Assert.Equal(Permission.TailLogs, LogSourceAccess.Required(id, "/data/logs/").Permission);
    }
}
