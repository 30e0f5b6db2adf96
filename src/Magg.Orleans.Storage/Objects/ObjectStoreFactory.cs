using Amazon;
using Amazon.S3;

namespace Magg.Orleans.Storage.Objects;

/// <summary>Opens the object store a location names: a local folder, a <c>file://</c> URL or <c>s3://bucket/prefix</c>.</summary>
public static class ObjectStoreFactory
{
    /// <summary>
    /// Opens <paramref name="location"/>. For <c>s3://</c> the returned store owns a new S3 client whose credentials
    /// come from the standard AWS chain (environment variables, profile, container or instance role).
    /// </summary>
    public static IObjectStore Open(string location, S3StoreOptions? s3 = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var (bucket, prefix) = ParseS3(location);
            return new S3ObjectStore(CreateClient(s3 ?? new S3StoreOptions()), bucket, prefix, ownsClient: true);
        }

        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalObjectStore(new Uri(location).LocalPath);
        }

        if (location.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unsupported store location '{location}': use a local folder, a file:// URL or s3://bucket/prefix.", nameof(location));
        }

        return new LocalObjectStore(location);
    }

    /// <summary>Splits <c>s3://bucket/some/prefix</c> into the bucket and the prefix ("" when there is none).</summary>
    public static (string Bucket, string Prefix) ParseS3(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{location}' is not an s3:// URL.", nameof(location));
        }

        var rest = location["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length == 0)
        {
            throw new ArgumentException($"'{location}' names no bucket.", nameof(location));
        }

        return (bucket, prefix);
    }

    private static AmazonS3Client CreateClient(S3StoreOptions options)
    {
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle };
        if (options.ServiceUrl is { Length: > 0 } url)
        {
            config.ServiceURL = url;
            if (options.Region is { Length: > 0 } signingRegion)
            {
                config.AuthenticationRegion = signingRegion;
            }
        }
        else if (options.Region is { Length: > 0 } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonS3Client(config);
    }
}
