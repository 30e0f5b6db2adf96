using System.Net;
using System.Net.Sockets;

namespace Magg.Orleans.Core.Security;

/// <summary>
/// Which IP addresses a silo may connect to on a catalog's behalf: public unicast only. Loopback, private, link-local
/// (the cloud metadata service at 169.254.169.254), unique-local, carrier-grade NAT, multicast and reserved ranges are
/// refused, including IPv4 addresses carried inside IPv6 (mapped, translated, NAT64, 6to4).
/// </summary>
public static class AddressRules
{
    private static readonly (IPNetwork Network, string Kind)[] V4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "an unspecified (this-network)"),
        (IPNetwork.Parse("10.0.0.0/8"), "a private"),
        (IPNetwork.Parse("100.64.0.0/10"), "a carrier-grade NAT"),
        (IPNetwork.Parse("127.0.0.0/8"), "a loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "a link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "a private"),
        (IPNetwork.Parse("192.0.0.0/24"), "a reserved (IETF protocol)"),
        (IPNetwork.Parse("192.0.2.0/24"), "a reserved (documentation)"),
        (IPNetwork.Parse("192.88.99.0/24"), "a reserved (6to4 relay)"),
        (IPNetwork.Parse("192.168.0.0/16"), "a private"),
        (IPNetwork.Parse("198.18.0.0/15"), "a reserved (benchmarking)"),
        (IPNetwork.Parse("198.51.100.0/24"), "a reserved (documentation)"),
        (IPNetwork.Parse("203.0.113.0/24"), "a reserved (documentation)"),
        (IPNetwork.Parse("224.0.0.0/4"), "a multicast"),
        (IPNetwork.Parse("240.0.0.0/4"), "a reserved"),
    ];

    private static readonly (IPNetwork Network, string Kind)[] V6 =
    [
        (IPNetwork.Parse("::/128"), "an unspecified"),
        (IPNetwork.Parse("::1/128"), "a loopback"),
        (IPNetwork.Parse("::/96"), "a reserved (IPv4-compatible)"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "a local-use NAT64"),
        (IPNetwork.Parse("100::/64"), "a reserved (discard)"),
        (IPNetwork.Parse("2001::/32"), "a Teredo tunnel"),
        (IPNetwork.Parse("2001:db8::/32"), "a reserved (documentation)"),
        (IPNetwork.Parse("fc00::/7"), "a unique-local"),
        (IPNetwork.Parse("fe80::/10"), "a link-local"),
        (IPNetwork.Parse("fec0::/10"), "a site-local"),
        (IPNetwork.Parse("ff00::/8"), "a multicast"),
    ];

    // IPv6 forms that carry an IPv4 address in their last 32 bits: well-known NAT64 and SIIT (IPv4-translated).
    private static readonly IPNetwork[] Embedding = [IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("::ffff:0:0:0/96")];
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>
    /// Why <paramref name="address"/> must not be connected to (e.g. <c>"169.254.169.254 is a link-local address"</c>), or
    /// null when it is a public address. With <paramref name="allowLoopback"/> (tests only) loopback addresses pass.
    /// </summary>
    public static string? Refusal(IPAddress address, bool allowLoopback = false) =>
        KindOf(address, allowLoopback) is { } kind ? $"{address} is {kind}" : null;

    /// <summary>What kind of refused address <paramref name="address"/> is (<c>"a link-local address"</c>), or null when it is public.</summary>
    public static string? KindOf(IPAddress address, bool allowLoopback = false)
    {
        ArgumentNullException.ThrowIfNull(address);
        var kind = Kind(address);
        return kind is null || (allowLoopback && kind == "a loopback") ? null : kind + " address";
    }

    /// <summary>True for 127.0.0.0/8 and ::1 (also when mapped into IPv6).</summary>
    public static bool IsLoopback(IPAddress address) => Kind(address) == "a loopback";

    private static string? Kind(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return Kind(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return address.Equals(IPAddress.Broadcast) ? "a broadcast" : V4.FirstOrDefault(r => r.Network.Contains(address)).Kind;
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "an unsupported";
        }

        var bytes = address.GetAddressBytes();
        if (Embedding.Any(n => n.Contains(address)))
        {
            return Kind(new IPAddress(bytes.AsSpan(12, 4)));
        }

        if (SixToFour.Contains(address))
        {
            return Kind(new IPAddress(bytes.AsSpan(2, 4)));
        }

        return V6.FirstOrDefault(r => r.Network.Contains(address)).Kind;
    }
}
