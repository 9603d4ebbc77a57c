using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>An IPv4 subnet in CIDR form, e.g. <c>172.25.0.0/16</c>, normalised to its network address.</summary>
public sealed record Ipv4Subnet(IPAddress Network, int PrefixLength)
{
    /// <summary>Null unless the text is an IPv4 CIDR with a prefix of 8 to 30 (room for a gateway and containers).</summary>
    public static Ipv4Subnet? TryParse(string? text)
    {
        var parts = (text ?? "").Trim().Split('/');
        if (parts.Length != 2 || parts[0].Count(c => c == '.') != 3
            || !IPAddress.TryParse(parts[0], out var address) || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix is < 8 or > 30)
        {
            return null;
        }

        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, ToUInt(address) & Mask(prefix));
        return new Ipv4Subnet(new IPAddress(bytes), prefix);
    }

    /// <summary>The first host address, which Docker gives the network's bridge (its gateway) unless told otherwise.</summary>
    public IPAddress Gateway
    {
        get
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, ToUInt(Network) + 1);
            return new IPAddress(bytes);
        }
    }

    /// <summary>True for an address inside the subnet that is neither its network nor its broadcast address.</summary>
    public bool ContainsHost(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var value = ToUInt(address);
        var network = ToUInt(Network);
        var broadcast = network | ~Mask(PrefixLength);
        return (value & Mask(PrefixLength)) == network && value != network && value != broadcast;
    }

    public override string ToString() => $"{Network}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    private static uint ToUInt(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static uint Mask(int prefix) => prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
}
