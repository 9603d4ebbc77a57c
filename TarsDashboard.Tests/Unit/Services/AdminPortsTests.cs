using TarsDashboard.Core.Services;
using Xunit;

namespace TarsDashboard.Tests.Services;

/// <summary>The admin port of an instance: in tarsnode's range, the same at every start, unique on its node.</summary>
public sealed class AdminPortsTests
{
    private static readonly AdminPortClaim Hello = new(10, "Test", "HelloServer");

    [Fact]
    public void The_port_is_in_tarsnodes_range_and_the_same_for_the_same_instance_every_time()
    {
        var port = AdminPorts.Assign(Hello, "10.0.0.7", [Hello], []);

        Assert.InRange(port, 30000, 44999);
        Assert.Equal(port, AdminPorts.Assign(Hello with { }, "10.0.0.7", [new(10, "Test", "HelloServer")], []));
        Assert.Equal(AdminPorts.Preferred("Test", "HelloServer", "10.0.0.7"), port);
        // Another node or another service gives another starting point.
        Assert.NotEqual(port, AdminPorts.Preferred("Test", "HelloServer", "10.0.0.8"));
        Assert.NotEqual(port, AdminPorts.Preferred("Test", "WorldServer", "10.0.0.7"));
    }

    [Fact]
    public void An_adapter_port_of_the_node_is_skipped()
    {
        var preferred = AdminPorts.Preferred("Test", "HelloServer", "n1");

        Assert.Equal(preferred + 1, AdminPorts.Assign(Hello, "n1", [Hello], [preferred, 80]));
        Assert.Equal(preferred + 2, AdminPorts.Assign(Hello, "n1", [Hello], [preferred, preferred + 1]));
    }

    [Fact]
    public void The_search_wraps_round_at_the_end_of_the_range()
    {
        // Find a name whose preferred port is the last one, then take it.
        var name = Enumerable.Range(0, 200_000).Select(i => $"S{i}").First(n => AdminPorts.Preferred("A", n, "n") == 44999);

        Assert.Equal(30000, AdminPorts.Assign(new(1, "A", name), "n", [], [44999]));
    }

    [Fact]
    public void Instances_on_one_node_never_share_a_port_and_an_older_one_keeps_its_port_when_a_newer_one_collides()
    {
        // Many instances on one node: collisions in 15000 ports are certain among 2000 names.
        var claims = Enumerable.Range(1, 2000).Select(i => new AdminPortClaim(i, "App", $"Server{i}")).ToList();
        var ports = claims.Select(c => AdminPorts.Assign(c, "n1", claims, [])).ToList();
        Assert.Equal(claims.Count, ports.Distinct().Count());

        // A newcomer whose preferred port is an older instance's port moves; the older one does not.
        var older = claims[0];
        var olderPort = ports[0];
        var newcomerName = Enumerable.Range(0, 500_000).Select(i => $"N{i}").First(n => AdminPorts.Preferred("App", n, "n1") == olderPort);
        var newcomer = new AdminPortClaim(5000, "App", newcomerName);
        var withNewcomer = claims.Append(newcomer).ToList();

        Assert.Equal(olderPort, AdminPorts.Assign(older, "n1", withNewcomer, []));
        Assert.NotEqual(olderPort, AdminPorts.Assign(newcomer, "n1", withNewcomer, []));
    }
}
