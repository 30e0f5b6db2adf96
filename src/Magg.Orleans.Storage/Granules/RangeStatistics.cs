namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// Thread-safe counters of remote reads: one per opened stream, each also adding to its source's aggregate
/// (<see cref="Parent"/>), so callers can read requests per granule or, from snapshot differences, per cell.
/// </summary>
/// <param name="parent">Aggregate that every count is also added to, or null.</param>
public sealed class RangeStatistics(RangeStatistics? parent = null)
{
    private long _opens;
    private long _requests;
    private long _retries;
    private long _bytesFetched;
    private long _bytesRead;

    /// <summary>The aggregate these counts also go to.</summary>
    public RangeStatistics? Parent { get; } = parent;

    /// <summary>Objects opened.</summary>
    public long Opens => Interlocked.Read(ref _opens);

    /// <summary>Range requests (the one at open included), not counting retries.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Extra attempts after transient failures.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Bytes received from the server.</summary>
    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    /// <summary>Bytes handed to the reader (cache hits included).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>The counts now.</summary>
    public RangeStatisticsSnapshot Snapshot() => new(Opens, Requests, Retries, BytesFetched, BytesRead);

    /// <summary>Counts an opened object.</summary>
    public void RecordOpen()
    {
        Interlocked.Increment(ref _opens);
        Parent?.RecordOpen();
    }

    /// <summary>Counts one range request that returned <paramref name="bytes"/> bytes.</summary>
    public void RecordRequest(long bytes)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _bytesFetched, bytes);
        Parent?.RecordRequest(bytes);
    }

    /// <summary>Counts one retried attempt.</summary>
    public void RecordRetry()
    {
        Interlocked.Increment(ref _retries);
        Parent?.RecordRetry();
    }

    /// <summary>Counts bytes handed to the reader.</summary>
    public void RecordRead(long bytes)
    {
        Interlocked.Add(ref _bytesRead, bytes);
        Parent?.RecordRead(bytes);
    }
}

/// <summary>The counts of a <see cref="RangeStatistics"/> at one moment; subtract two to get the counts between them.</summary>
/// <param name="Opens">Objects opened.</param>
/// <param name="Requests">Range requests, not counting retries.</param>
/// <param name="Retries">Extra attempts after transient failures.</param>
/// <param name="BytesFetched">Bytes received from the server.</param>
/// <param name="BytesRead">Bytes handed to the reader.</param>
public readonly record struct RangeStatisticsSnapshot(long Opens, long Requests, long Retries, long BytesFetched, long BytesRead)
{
    /// <summary>The counts between two snapshots.</summary>
    public static RangeStatisticsSnapshot operator -(RangeStatisticsSnapshot later, RangeStatisticsSnapshot earlier) =>
        new(later.Opens - earlier.Opens, later.Requests - earlier.Requests, later.Retries - earlier.Retries,
            later.BytesFetched - earlier.BytesFetched, later.BytesRead - earlier.BytesRead);

    /// <summary>Same as the minus operator.</summary>
    public static RangeStatisticsSnapshot Subtract(RangeStatisticsSnapshot later, RangeStatisticsSnapshot earlier) => later - earlier;
}
