namespace Magg.Orleans.Client;

/// <summary>A dry run's estimate of what the lambda backend would bill.</summary>
/// <param name="GranuleReads">Granules read over all cells (a granule listed by two cells is read twice).</param>
/// <param name="SecondsPerGranule">The measured seconds per granule read the estimate assumes.</param>
/// <param name="MemoryMb">The function's memory.</param>
/// <param name="GbSeconds">Estimated GB-seconds.</param>
/// <param name="CostUsd">Estimated cost in USD (GB-seconds and one request per cell).</param>
public sealed record LambdaEstimate(long GranuleReads, double SecondsPerGranule, int MemoryMb, double GbSeconds, double CostUsd)
{
    /// <summary>
    /// Seconds of a 2 GB function per granule a cell reads, measured with <c>bootstrap</c> over the demo's synthetic ATL06
    /// granules on a loopback S3 (see README, "Lambda backend"); a real run's REPORT lines (<c>lambda_gb_s</c>) calibrate it.
    /// </summary>
    public const double DefaultSecondsPerGranule = 0.5;

    /// <summary>The estimate for cells reading <paramref name="granuleReads"/> granules in all, on <paramref name="target"/>.</summary>
    public static LambdaEstimate For(long granuleReads, int cells, LambdaTarget target, int memoryMb, double secondsPerGranule)
    {
        ArgumentNullException.ThrowIfNull(target);
        var gbSeconds = granuleReads * secondsPerGranule * memoryMb / 1024.0;
        return new LambdaEstimate(granuleReads, secondsPerGranule, memoryMb, gbSeconds, target.Cost(gbSeconds, cells));
    }
}
