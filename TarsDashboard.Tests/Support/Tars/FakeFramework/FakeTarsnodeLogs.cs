using System.Collections.Concurrent;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Query;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>
/// Just the part of the framework that reads logs, on a <see cref="TarsTestServer"/>: the registry's
/// <c>QueryObj.findObjectById</c> pointing at AdminRegObj on the same server, and AdminReg's <c>getLogFileList</c> and
/// <c>getLogData</c> answering from <see cref="FakeTarsLogFile"/>s per node and <c>App/Server/file</c>, as tarsnode does
/// (-1 for a file that does not exist; every getLogData command must be one of the fixed forms, or the handler throws
/// and the server records the call as unexpected).
/// </summary>
public sealed class FakeTarsnodeLogs
{
    private readonly ConcurrentDictionary<(string Node, string Application, string Server, string File), FakeTarsLogFile> _files = new();

    public FakeTarsnodeLogs(TarsTestServer server)
    {
        Server = server;
        server.Answer(QueryClient.Servant, "findObjectById", (args, result) =>
        {
            if (args.ReadString(1, required: true) != AdminRegistryClient.Servant)
            {
                throw new InvalidOperationException("Only AdminRegObj is looked up for logs.");
            }

            result.WriteStructList(0, [new EndpointF { Host = "127.0.0.1", Port = server.Port, Timeout = 60000, IsTcp = 1 }]);
        });
        server.Answer(AdminRegistryClient.Servant, "getLogFileList", (args, result) =>
        {
            var (application, serverName, node) = (args.ReadString(1, true), args.ReadString(2, true), args.ReadString(3, true));
            var names = _files.Where(f => f.Key.Node == node && f.Key.Application == application && f.Key.Server == serverName && f.Value.Exists)
                .Select(f => f.Key.File).Order(StringComparer.Ordinal).ToList();
            result.WriteInt(0, 0);
            result.WriteStringList(4, names);
        });
        server.Answer(AdminRegistryClient.Servant, "getLogData", (args, result) =>
        {
            // The reader moves forward only: parameters are read in tag order.
            var (application, serverName, node, logFile) = (args.ReadString(1, true), args.ReadString(2, true), args.ReadString(3, true),
                args.ReadString(4, true));
            var command = args.ReadString(5, true);
            var key = (node, application, serverName, logFile);
            var reply = _files.TryGetValue(key, out var file) ? file.Run(command) : new(-1, "");
            result.WriteInt(0, reply.Ret);
            result.WriteString(6, reply.FileData);
        });
    }

    public TarsTestServer Server { get; }

    /// <summary>The registry locator to configure (<c>Framework:Locator</c>).</summary>
    public string Locator => $"{QueryClient.Servant}@tcp -h 127.0.0.1 -p {Server.Port}";

    /// <summary>The file <c>&lt;logpath&gt;/App/Server/file</c> on a node, created empty when new.</summary>
    public FakeTarsLogFile File(string node, string application, string server, string file) =>
        _files.GetOrAdd((node, application, server, file), _ => new FakeTarsLogFile());

    /// <summary>Every getLogData command sent so far, to any file.</summary>
    public IReadOnlyList<string> Commands => _files.Values.SelectMany(f => f.Commands).ToList();
}
