using System.Net.Http.Headers;
using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// Granules over HTTPS (or plain HTTP) with <c>Authorization: Bearer</c> (NASA Earthdata Login): byte-range GETs
/// through a block cache with read-ahead, transient failures retried. Redirects are followed (the handler drops the
/// token when it follows one).
/// </summary>
public sealed class HttpsGranuleSource : IRemoteGranuleSource
{
    private readonly Func<CancellationToken, ValueTask<string>> _bearerToken;
    private readonly RemoteGranuleOptions _options;
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly RemoteRetry _retry;

    /// <summary>Creates the source.</summary>
    /// <param name="bearerToken">
    /// Gives the current token; called at every open, so it can refresh (and should cache) the token. An empty token sends
    /// no Authorization header. The token is kept in memory only and never appears in messages.
    /// </param>
    /// <param name="options">Cache, retry and timeout settings; defaults when null.</param>
    /// <param name="httpClient">The client to send requests with (not disposed by the source); a new one when null.</param>
    public HttpsGranuleSource(Func<CancellationToken, ValueTask<string>> bearerToken, RemoteGranuleOptions? options = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(bearerToken);
        _bearerToken = bearerToken;
        _options = options ?? new RemoteGranuleOptions();
        _options.Validate();
        _ownsClient = httpClient is null;
        _client = httpClient ?? RemoteHttp.CreateClient(_options);
        _retry = new RemoteRetry(_options);
    }

    /// <summary>Requests and bytes of every granule this source opened.</summary>
    public RangeStatistics Statistics { get; } = new();

    /// <inheritdoc />
    public bool CanOpen(Uri address) =>
        address is { IsAbsoluteUri: true } && (address.Scheme == Uri.UriSchemeHttps || address.Scheme == Uri.UriSchemeHttp);

    /// <inheritdoc />
    /// <remarks>The first blocks are fetched here, so a missing object or refused token fails at open.</remarks>
    public async ValueTask<Stream> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var granule = GranuleNames.Display(address);
        if (!CanOpen(address))
        {
            throw new GranuleAccessException(GranuleErrorKind.BadRequest, granule, "not an http or https address");
        }

        var token = await _bearerToken(cancellationToken).ConfigureAwait(false);
        var statistics = new RangeStatistics(Statistics);
        var fetcher = new HttpRangeFetcher(_client, () => CreateGet(address, token), granule, _retry, statistics);
        return await RangeCachingStream.OpenAsync(fetcher, _options.Cache, statistics, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the client if the source created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private static HttpRequestMessage CreateGet(Uri address, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, address);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}
