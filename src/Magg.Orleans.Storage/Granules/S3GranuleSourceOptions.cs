namespace Magg.Orleans.Storage.Granules;

/// <summary>Settings of <see cref="S3GranuleSource"/>: where S3 is, and the shared remote settings.</summary>
public sealed class S3GranuleSourceOptions : RemoteGranuleOptions
{
    /// <summary>The bucket's region (NSIDC: us-west-2).</summary>
    public string Region { get; init; } = "us-west-2";

    /// <summary>An S3-compatible endpoint (e.g. moto, MinIO) instead of AWS; null for AWS.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>Address buckets in the path (<c>endpoint/bucket/key</c>) rather than the host name; needed by most local servers.</summary>
    public bool ForcePathStyle { get; init; }

    /// <summary>How long a pre-signed URL is valid; streams re-sign before it runs out (default 15 min).</summary>
    public TimeSpan PresignedUrlLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        ArgumentException.ThrowIfNullOrWhiteSpace(Region, nameof(Region));
        ArgumentOutOfRangeException.ThrowIfLessThan(PresignedUrlLifetime, TimeSpan.FromMinutes(2), nameof(PresignedUrlLifetime));
        if (ServiceUrl is not null && !Uri.TryCreate(ServiceUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"ServiceUrl '{ServiceUrl}' is not an absolute URL.", nameof(ServiceUrl));
        }
    }
}
