using System.Net.Security;
using Magg.Orleans.Core.Security;

namespace Magg.Orleans.Storage.Security;

/// <summary>
/// The HTTP client of a silo's https granules: redirects followed one checked hop at a time, the Earthdata token only
/// to Earthdata hosts over https (and never after a redirect to another host), connections only to public addresses
/// checked after DNS resolution.
/// </summary>
public static class GuardedHttp
{
    /// <summary>A client for granule GETs; the caller owns and disposes it.</summary>
    /// <param name="policy">The silo's access policy.</param>
    /// <param name="token">The Earthdata token (empty: none is sent).</param>
    /// <param name="timeout">Time limit of one request.</param>
    /// <param name="serverCertificates">Tests only: accepts test servers' certificates (null: the system's trust).</param>
    public static HttpClient CreateClient(AccessPolicy policy, Func<string> token, TimeSpan timeout, RemoteCertificateValidationCallback? serverCertificates = null) =>
        CreateClient(policy, token, timeout, serverCertificates, resolve: null);

    /// <summary><see cref="CreateClient(AccessPolicy, Func{string}, TimeSpan, RemoteCertificateValidationCallback?)"/> with its own name resolution (tests).</summary>
    internal static HttpClient CreateClient(AccessPolicy policy, Func<string> token, TimeSpan timeout, RemoteCertificateValidationCallback? serverCertificates,
        Func<string, CancellationToken, Task<System.Net.IPAddress[]>>? resolve)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(token);
        var sockets = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseProxy = false,
            ConnectCallback = new CheckedConnect(policy.Options.AllowLoopbackForTests, resolve).ConnectAsync,
        };
        if (serverCertificates is not null)
        {
            sockets.SslOptions.RemoteCertificateValidationCallback = serverCertificates;
        }

        var handler = new RedirectHandler(policy) { InnerHandler = new EarthdataTokenHandler(policy, token) { InnerHandler = sockets } };
        return new HttpClient(handler) { Timeout = timeout };
    }
}
