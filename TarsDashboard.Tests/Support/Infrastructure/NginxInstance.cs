using System.Globalization;
using System.Net.Sockets;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>
/// A real nginx from Debian's package on a free loopback port, in front of several dashboard instances as the
/// README's "Several instances" section configures it: <c>ip_hash</c> keeps a browser (and its Blazor circuit) on one
/// instance, WebSockets are passed through, and a dead instance's requests go to the next one.
/// </summary>
public sealed class NginxInstance : IAsyncDisposable
{
    private readonly string _folder;
    private readonly ServerProcess _process;

    private NginxInstance(string folder, ServerProcess process, int port)
    {
        (_folder, _process, Port) = (folder, process, port);
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public static async Task<NginxInstance> StartAsync(IEnumerable<Uri> backends)
    {
        var folder = ShortTempDirectory.Create("ngx");
        var port = FreePort.Next();
        var servers = string.Concat(backends.Select(b => $"        server 127.0.0.1:{b.Port.ToString(CultureInfo.InvariantCulture)} max_fails=1 fail_timeout=10s;\n"));
        var dir = folder;
        var config = $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log info;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{dir}}/body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                map $http_upgrade $connection_upgrade { default upgrade; '' close; }
                upstream dashboard {
                    ip_hash;
            {{servers}}    }
                server {
                    listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}};
                    location / {
                        proxy_pass http://dashboard;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection $connection_upgrade;
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_read_timeout 1h;
                        proxy_next_upstream error timeout http_502 http_503;
                        proxy_connect_timeout 2s;
                    }
                }
            }
            """;
        var configPath = Path.Combine(dir, "nginx.conf");
        await File.WriteAllTextAsync(configPath, config);
        var process = await ServerProcess.StartAsync("nginx", "nginx", ["-c", configPath, "-p", dir, "-e", Path.Combine(dir, "error.log")],
            Path.Combine(dir, "nginx.out"), async ct =>
            {
                using var client = new TcpClient();
                try
                {
                    await client.ConnectAsync("127.0.0.1", port, ct);
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            }, CancellationToken.None);
        return new NginxInstance(folder, process, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync();
        _process.Dispose();
        await ShortTempDirectory.DeleteAsync(_folder);
    }
}
