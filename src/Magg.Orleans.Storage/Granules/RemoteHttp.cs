namespace Magg.Orleans.Storage.Granules;

/// <summary>The HTTP client a remote source uses when none is given.</summary>
internal static class RemoteHttp
{
    /// <summary>A client for range GETs of the silo's own S3 endpoint (never redirected elsewhere); the caller owns and disposes it.</summary>
    public static HttpClient CreateClient(RemoteGranuleOptions options) =>
        new(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        })
        {
            Timeout = options.RequestTimeout,
        };
}
