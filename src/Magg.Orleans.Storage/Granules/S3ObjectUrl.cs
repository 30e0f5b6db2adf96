using Magg.Orleans.Core.Caching;

namespace Magg.Orleans.Storage.Granules;

/// <summary>The current pre-signed URL of one object, signed again shortly before it expires (by a signer rented for the signing only).</summary>
internal sealed class S3ObjectUrl(Func<CacheLease<S3Presigner>> presigner, string bucket, string key, PresignedUrl first, TimeProvider time)
{
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);
    private readonly Lock _gate = new();
    private PresignedUrl _current = first;

    /// <summary>A URL valid for at least a minute more.</summary>
    public Uri Current()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now >= _current.ExpiresAt - RenewBefore)
            {
                using var signer = presigner();
                _current = signer.Value.Presign(bucket, key, now);
            }

            return _current.Url;
        }
    }
}
