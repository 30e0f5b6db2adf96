using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Magg.Orleans.Storage.Granules;

/// <summary>Pre-signs GETs of S3 objects with one set of credentials (no network: signing is computation only).</summary>
internal sealed class S3Presigner : IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly S3GranuleSourceOptions _options;
    private readonly Protocol _protocol;

    public S3Presigner(S3TemporaryCredentials credentials, S3GranuleSourceOptions options)
    {
        Credentials = credentials;
        _options = options;
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle, AuthenticationRegion = options.Region };
        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        _protocol = options.ServiceUrl?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS;
        AWSCredentials awsCredentials = string.IsNullOrEmpty(credentials.SessionToken)
            ? new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey)
            : new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        _client = new AmazonS3Client(awsCredentials, config);
    }

    /// <summary>The credentials URLs are signed with.</summary>
    public S3TemporaryCredentials Credentials { get; }

    /// <summary>A pre-signed GET of <paramref name="bucket"/>/<paramref name="key"/>, valid from <paramref name="now"/> for the configured lifetime (never beyond the credentials).</summary>
    public async ValueTask<PresignedUrl> PresignAsync(string bucket, string key, DateTimeOffset now)
    {
        var request = Request(bucket, key, now, out var expires);
        return new PresignedUrl(new Uri(await _client.GetPreSignedURLAsync(request).ConfigureAwait(false)), expires);
    }

    /// <summary>Synchronous <see cref="PresignAsync"/> for the read path: signing does no I/O with fixed credentials.</summary>
    public PresignedUrl Presign(string bucket, string key, DateTimeOffset now)
    {
        var request = Request(bucket, key, now, out var expires);
        return new PresignedUrl(new Uri(_client.GetPreSignedURL(request)), expires);
    }

    public void Dispose() => _client.Dispose();

    private GetPreSignedUrlRequest Request(string bucket, string key, DateTimeOffset now, out DateTimeOffset expires)
    {
        expires = now + _options.PresignedUrlLifetime;
        if (Credentials.Expiration is { } credentialsExpire && credentialsExpire < expires)
        {
            expires = credentialsExpire > now + TimeSpan.FromMinutes(1) ? credentialsExpire : now + TimeSpan.FromMinutes(1);
        }

        return new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = expires.UtcDateTime,
            Protocol = _protocol,
        };
    }
}

/// <summary>A pre-signed URL (it carries credentials: never log or show it) and when it stops working.</summary>
internal sealed record PresignedUrl(Uri Url, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"PresignedUrl {{ ExpiresAt = {ExpiresAt:O} }}";
}
