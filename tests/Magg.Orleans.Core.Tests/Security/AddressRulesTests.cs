using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Magg.Orleans.Core.Security;

namespace Magg.Orleans.Core.Tests.Security;

/// <summary>Which addresses a silo may connect to: every refused range at its edges, and IPv4 carried inside IPv6.</summary>
public sealed class AddressRulesTests
{
    public static TheoryData<string, string?> Kinds => new()
    {
        // IPv4: each refused range, and the public addresses just outside it.
        { "8.8.8.8", null },
        { "1.1.1.1", null },
        { "0.0.0.0", "an unspecified (this-network) address" },
        { "0.255.255.255", "an unspecified (this-network) address" },
        { "10.0.0.5", "a private address" },
        { "10.255.255.255", "a private address" },
        { "11.0.0.0", null },
        { "100.63.255.255", null },
        { "100.64.0.1", "a carrier-grade NAT address" },
        { "100.127.255.255", "a carrier-grade NAT address" },
        { "100.128.0.0", null },
        { "126.255.255.255", null },
        { "127.0.0.1", "a loopback address" },
        { "127.255.255.254", "a loopback address" },
        { "169.254.169.254", "a link-local address" },
        { "169.255.0.1", null },
        { "172.15.255.255", null },
        { "172.16.0.1", "a private address" },
        { "172.31.255.255", "a private address" },
        { "172.32.0.0", null },
        { "192.0.0.8", "a reserved (IETF protocol) address" },
        { "192.0.2.1", "a reserved (documentation) address" },
        { "192.88.99.1", "a reserved (6to4 relay) address" },
        { "192.167.255.255", null },
        { "192.168.1.1", "a private address" },
        { "192.169.0.0", null },
        { "198.18.0.1", "a reserved (benchmarking) address" },
        { "198.20.0.0", null },
        { "198.51.100.7", "a reserved (documentation) address" },
        { "203.0.113.9", "a reserved (documentation) address" },
        { "223.255.255.255", null },
        { "224.0.0.1", "a multicast address" },
        { "239.255.255.250", "a multicast address" },
        { "240.0.0.1", "a reserved address" },
        { "255.255.255.255", "a broadcast address" },

        // IPv6 ranges.
        { "2606:4700:4700::1111", null },
        { "2001:4860:4860::8888", null },
        { "::", "an unspecified address" },
        { "::1", "a loopback address" },
        { "::127.0.0.1", "a reserved (IPv4-compatible) address" },
        { "100::1", "a reserved (discard) address" },
        { "2001::1", "a Teredo tunnel address" },
        { "2001:db8::1", "a reserved (documentation) address" },
        { "fc00::1", "a unique-local address" },
        { "fd00::1", "a unique-local address" },
        { "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "a unique-local address" },
        { "fe80::1", "a link-local address" },
        { "fe80::1%2", "a link-local address" },
        { "febf::1", "a link-local address" },
        { "fec0::1", "a site-local address" },
        { "ff02::1", "a multicast address" },
        { "64:ff9b:1::1", "a local-use NAT64 address" },

        // IPv4 inside IPv6: mapped, translated (SIIT), NAT64 and 6to4 are judged by the IPv4 address they carry.
        { "::ffff:127.0.0.1", "a loopback address" },
        { "::ffff:169.254.169.254", "a link-local address" },
        { "::ffff:8.8.8.8", null },
        { "::ffff:0:10.0.0.5", "a private address" },
        { "::ffff:0:8.8.8.8", null },
        { "64:ff9b::169.254.169.254", "a link-local address" },
        { "64:ff9b::a00:5", "a private address" },
        { "64:ff9b::808:808", null },
        { "2002:a9fe:a9fe::1", "a link-local address" },
        { "2002:7f00:1::1", "a loopback address" },
        { "2002:808:808::1", null },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void KindOf_Address_IsItsRefusedRangeOrNullWhenPublic(string address, string? kind)
    {
        var ip = IPAddress.Parse(address);

        Assert.Equal(kind, AddressRules.KindOf(ip));
        Assert.Equal(kind is null ? null : $"{ip} is {kind}", AddressRules.Refusal(ip));
    }

    [Theory]
    [InlineData("127.0.0.2", null)]
    [InlineData("::1", null)]
    [InlineData("::ffff:127.0.0.1", null)]
    [InlineData("64:ff9b::7f00:1", null)]
    [InlineData("10.0.0.1", "a private address")]
    [InlineData("169.254.169.254", "a link-local address")]
    [InlineData("fd00::1", "a unique-local address")]
    public void KindOf_LoopbackAllowedForTests_LetsOnlyLoopbackThrough(string address, string? kind) =>
        Assert.Equal(kind, AddressRules.KindOf(IPAddress.Parse(address), allowLoopback: true));

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.1.2.3", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("128.0.0.1", false)]
    [InlineData("::2", false)]
    public void IsLoopback_Address(string address, bool expected) => Assert.Equal(expected, AddressRules.IsLoopback(IPAddress.Parse(address)));

    /// <summary>Against .NET's own classification of IPv6 addresses: whatever it calls loopback, link-local, site-local, unique-local or multicast is refused.</summary>
    [Property(MaxTest = 2000)]
    public Property KindOf_AnyIpv6TheRuntimeCallsNonPublic_IsRefused() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 16).Select(Prefixed).ToArbitrary(), bytes =>
        {
            var address = new IPAddress(bytes);
            var special = IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal
                || address.IsIPv6Multicast || address.Equals(IPAddress.IPv6Any);
            return !special || AddressRules.KindOf(address) is not null;
        });

    /// <summary>An IPv4 address and its mapped, translated and NAT64 IPv6 forms get the same decision.</summary>
    [Property(MaxTest = 2000)]
    public Property KindOf_Ipv4AndItsIpv6Forms_Agree() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 4).ToArbitrary(), bytes =>
        {
            var v4 = new IPAddress(bytes);
            var forms = new[] { v4.MapToIPv6(), Embedded([0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], bytes), Embedded([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], bytes) };
            var expected = AddressRules.KindOf(v4);
            return forms.All(f => f.AddressFamily == AddressFamily.InterNetworkV6 && AddressRules.KindOf(f) == expected);
        });

    // Random addresses rarely land in the small special ranges: steer a third of them there.
    private static byte[] Prefixed(byte[] bytes)
    {
        switch (bytes[15] % 6)
        {
            case 0:
                (bytes[0], bytes[1]) = (0xfe, (byte)(0x80 | (bytes[1] & 0x7f)));
                break;
            case 1:
                bytes[0] = (byte)(0xfc | (bytes[0] & 1));
                break;
            case 2:
                bytes[0] = 0xff;
                break;
        }

        return bytes;
    }

    private static IPAddress Embedded(byte[] prefix, byte[] v4) => new([.. prefix, .. v4]);
}
