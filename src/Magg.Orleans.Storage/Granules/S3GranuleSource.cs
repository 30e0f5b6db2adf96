using Magg.Orleans.Core.Caching;
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
    /// <summary>Most signers kept (one per set of credentials); older ones are disposed once no stream signs with them.</summary>
    public const int MaxPresigners = 4;

    private readonly Func<CancellationToken, ValueTask<S3TemporaryCredentials>> _credentials;
    private readonly S3GranuleSourceOptions _options;
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly RemoteRetry _retry;
    private readonly TimeProvider _time;
    // One signer per set of credentials (a refresh about every hour); open streams re-sign with theirs, so the last few stay.
    private readonly LeasedCache<S3TemporaryCredentials, S3Presigner> _presigners = new(MaxPresigners);

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

    /// <summary>Signers kept now.</summary>
    public int PresignerCount => _presigners.Count;

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

        PresignedUrl first;
        using (var presigner = Presigner(credentials))
        {
            first = await presigner.Value.PresignAsync(bucket, key, now).ConfigureAwait(false);
        }

        var url = new S3ObjectUrl(() => Presigner(credentials), bucket, key, first, _time);
        var statistics = new RangeStatistics(Statistics);
        var fetcher = new HttpRangeFetcher(_client, () => new HttpRequestMessage(HttpMethod.Get, url.Current()), granule, _retry, statistics);
        return await RangeCachingStream.OpenAsync(fetcher, _options.Cache, statistics, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the signing clients (each once no stream signs with it), and the HTTP client if the source created it.</summary>
    public void Dispose()
    {
        _presigners.Dispose();
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

    private CacheLease<S3Presigner> Presigner(S3TemporaryCredentials credentials) =>
        _presigners.Rent(credentials, c => new S3Presigner(c, _options));
}
