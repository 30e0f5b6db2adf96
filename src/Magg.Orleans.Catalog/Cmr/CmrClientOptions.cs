namespace Magg.Orleans.Catalog.Cmr;

/// <summary>How the CMR client retries and authenticates. The token is only ever sent to the CMR host.</summary>
public sealed class CmrClientOptions
{
    /// <summary>Earthdata Login token sent as <c>Authorization: Bearer</c> to the CMR host (over https or loopback only); null: none.</summary>
    public string? EarthdataToken { get; set; }

    /// <summary>Retries after the first attempt, for 5xx, 429, 408 and network errors.</summary>
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>First backoff delay (doubled per retry, with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts, also the cap on a server's <c>Retry-After</c>.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Time allowed for one request (a page of 2000 granules is several MB).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Clock for the backoff delays.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
