using System.Net;
using System.Net.Sockets;
using Magg.Orleans.Core.Security;

namespace Magg.Orleans.Storage.Security;

/// <summary>
/// The connect step of the guarded HTTP handler: resolves the host once, checks every address it resolved to, and
/// connects only to those checked addresses, so a DNS answer that changes between a check and the connection (DNS
/// rebinding) cannot reach a private, loopback or link-local address.
/// </summary>
/// <param name="allowLoopbackLiterals">Tests only: hosts written as loopback IP literals may be connected to.</param>
/// <param name="resolve">Resolves host names (default: DNS).</param>
internal sealed class CheckedConnect(bool allowLoopbackLiterals, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var literal = IPAddress.TryParse(host.Trim('[', ']'), out var ip);
        var addresses = literal ? [ip!] : await _resolve(host, cancellationToken).ConfigureAwait(false);
        foreach (var address in addresses)
        {
            if (AddressRules.KindOf(address, allowLoopback: literal && allowLoopbackLiterals) is { } kind)
            {
                throw new AddressRefusedException(literal ? $"{address} is {kind}" : $"host {host} resolves to {address}, {kind}");
            }
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
