using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// Granules in S3 (<c>s3://bucket/key</c>) read with temporary credentials (NSIDC): each open asks the credentials
/// provider for the current credentials, pre-signs a GET of the object and reads it with byte-range requests through
/// a block cache with read-ahead, synchronously after the open. Transient failures are retried.
/// </summary>
/// <remarks>
/// AWSSDK.S3 v4 has no synchronous GetObject on .NET, so ranges are plain HTTP GETs of a pre-signed URL; the URL is
/// signed again before it expires (it never outlives the credentials' <see cref="S3TemporaryCredentials.Expiration"/>).
/// </remarks>
public sealed class S3GranuleSource : IRemoteGranuleSource
{
    private readonly Func<CancellationToken, ValueTask<S3TemporaryCredentials>> _credentials;
    private readonly S3GranuleSourceOptions _options;
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly RemoteRetry _retry;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly List<S3Presigner> _presigners = [];

    /// <summary>Creates the source.</summary>
    /// <param name="credentials">
    /// Gives the current credentials; called at every open, so it can refresh them before they expire (and should cache
    /// them in between). They are kept in memory only and never appear in messages.
    /// </param>
    /// <param name="options">Region, endpoint and the remote settings; AWS us-west-2 with defaults when null.</param>
    /// <param name="httpClient">The client to send requests with (not disposed by the source); a new one when null.</param>
    /// <param name="timeProvider">Clock for URL expiry; the system clock when null.</param>
    public S3GranuleSource(Func<CancellationToken, ValueTask<S3TemporaryCredentials>> credentials, S3GranuleSourceOptions? options = null,
        HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
        _options = options ?? new S3GranuleSourceOptions();
        _options.Validate();
        _ownsClient = httpClient is null;
        _client = httpClient ?? RemoteHttp.CreateClient(_options);
        _time = timeProvider ?? TimeProvider.System;
        _retry = new RemoteRetry(_options, _time);
    }

    /// <summary>Requests and bytes of every granule this source opened.</summary>
    public RangeStatistics Statistics { get; } = new();

    /// <inheritdoc />
    public bool CanOpen(Uri address) => address is { IsAbsoluteUri: true } && address.Scheme == "s3";

    /// <inheritdoc />
    /// <remarks>The first blocks are fetched here, so a missing object or refused credentials fail at open.</remarks>
    public async ValueTask<Stream> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var granule = GranuleNames.Display(address);
        var (bucket, key) = Parse(address, granule);
        var credentials = await _credentials(cancellationToken).ConfigureAwait(false);
        ArgumentNullException.ThrowIfNull(credentials);
        var now = _time.GetUtcNow();
        if (credentials.Expiration <= now)
        {
            throw new GranuleAccessException(GranuleErrorKind.CredentialsExpired, granule, "the S3 credentials have expired; refresh them");
        }

        var presigner = PresignerFor(credentials);
        var url = new S3ObjectUrl(presigner, bucket, key, await presigner.PresignAsync(bucket, key, now).ConfigureAwait(false), _time);
        var statistics = new RangeStatistics(Statistics);
        var fetcher = new HttpRangeFetcher(_client, () => new HttpRequestMessage(HttpMethod.Get, url.Current()), granule, _retry, statistics);
        return await RangeCachingStream.OpenAsync(fetcher, _options.Cache, statistics, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the signing clients, and the HTTP client if the source created it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var presigner in _presigners)
            {
                presigner.Dispose();
            }

            _presigners.Clear();
        }

        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private static (string Bucket, string Key) Parse(Uri address, string granule)
    {
        if (address is not { IsAbsoluteUri: true, Scheme: "s3" } || string.IsNullOrEmpty(address.Host) || address.AbsolutePath.Length <= 1)
        {
            throw new GranuleAccessException(GranuleErrorKind.BadRequest, granule, "not an s3://bucket/key address");
        }

        return (address.Host, Uri.UnescapeDataString(address.AbsolutePath[1..]));
    }

    /// <summary>
    /// The signer for <paramref name="credentials"/>, made when they change. Earlier signers stay alive until the source
    /// is disposed, because open streams may still re-sign with them (one per credentials refresh, about one an hour).
    /// </summary>
    private S3Presigner PresignerFor(S3TemporaryCredentials credentials)
    {
        lock (_gate)
        {
            if (_presigners.Count > 0 && _presigners[^1].Credentials == credentials)
            {
                return _presigners[^1];
            }

            var presigner = new S3Presigner(credentials, _options);
            _presigners.Add(presigner);
            return presigner;
        }
    }
}
