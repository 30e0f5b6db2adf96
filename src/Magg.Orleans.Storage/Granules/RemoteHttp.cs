namespace Magg.Orleans.Storage.Granules;

/// <summary>The HTTP client a remote source uses when none is given.</summary>
internal static class RemoteHttp
{
    /// <summary>A client for range GETs; the caller owns and disposes it.</summary>
    public static HttpClient CreateClient(RemoteGranuleOptions options) =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AllowAutoRedirect = true,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        })
        {
            Timeout = options.RequestTimeout,
        };
}
