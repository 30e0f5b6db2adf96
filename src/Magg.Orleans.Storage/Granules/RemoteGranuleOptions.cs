namespace Magg.Orleans.Storage.Granules;

/// <summary>Caching, retry and timeout settings shared by the remote granule sources.</summary>
public class RemoteGranuleOptions
{
    /// <summary>Block cache and read-ahead of every opened granule.</summary>
    public RangeCacheOptions Cache { get; init; } = new();

    /// <summary>Retries after the first attempt of a request that failed transiently (5xx, 429, timeout, reset); default 4.</summary>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>First retry delay; later ones grow exponentially, with jitter (default 200 ms).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between two attempts (default 10 s).</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time limit of one HTTP request, body included (default 60 s); a timeout counts as transient.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Throws when a setting is out of range.</summary>
    public virtual void Validate()
    {
        ArgumentNullException.ThrowIfNull(Cache, nameof(Cache));
        Cache.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts, nameof(MaxRetryAttempts));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryBaseDelay, TimeSpan.Zero, nameof(RetryBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay, nameof(RetryMaxDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero, nameof(RequestTimeout));
    }
}
