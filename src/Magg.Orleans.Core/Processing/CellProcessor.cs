using System.Diagnostics;
using System.Globalization;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Granules;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Core.Processing;

/// <summary>
/// Processes one parent cell: reads its granules (each distinct address once, several at a time), aggregates the
/// surviving observations into the child table and reports the cell outcome. Granule and group failures are
/// reported and counted, never fatal to the cell. Decoded chunks are shared with the processor's other cells through
/// <paramref name="cache"/> (one per silo; a private one when null).
/// </summary>
public sealed partial class CellProcessor(IGranuleSource granules, TimeProvider time, ILogger<CellProcessor> logger, GranuleReadCache? cache = null)
    : IDisposable
{
    // Per-granule buffers (a granule's rows of one cell) and per-cell buffers, reused between cells.
    private readonly ObservationBufferPool _granuleBuffers = new(maxBuffers: 16, maxRows: 128 * 1024);
    private readonly ObservationBufferPool _cellBuffers = new(maxBuffers: 4, maxRows: 1024 * 1024);
    private readonly SemaphoreSlim _aggregations = new(Environment.ProcessorCount);
    private readonly GranuleReadCache? _ownCache = cache is null ? new GranuleReadCache() : null;

    /// <summary>What the cells of this processor share when reading granules.</summary>
    public GranuleReadCache Cache => cache ?? _ownCache!;

    /// <summary>How many granules of one cell are read at the same time.</summary>
    public int GranuleConcurrency { get; init; } = 2;

    /// <summary>Processes <paramref name="parentMorton"/> from <paramref name="granuleAddresses"/> (resolved catalog entries).</summary>
    public Task<CellResult> ProcessAsync(long parentMorton, IReadOnlyList<Uri> granuleAddresses, CompiledPipeline pipeline,
        CancellationToken cancellationToken = default) =>
        ProcessAsync(parentMorton, granuleAddresses, pipeline, granules, cancellationToken);

    /// <summary>Processes <paramref name="parentMorton"/>, opening its granules with <paramref name="source"/> (a run's own
    /// credentials) instead of the processor's source. Granules opened through another source are never kept open for later
    /// cells, so a run's credentials serve that run only.</summary>
    public async Task<CellResult> ProcessAsync(long parentMorton, IReadOnlyList<Uri> granuleAddresses, CompiledPipeline pipeline, IGranuleSource source,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(granuleAddresses);
        ArgumentNullException.ThrowIfNull(pipeline);
        var started = time.GetTimestamp();
        var cell = new CellSelection(parentMorton, pipeline.Config.ChildOrder);
        var distinct = granuleAddresses.Distinct().ToArray();
        if (distinct.Length == 0)
        {
            return new CellResult(null, new CellOutcome(parentMorton, 0, 0, 0, 0, time.GetElapsedTime(started).TotalSeconds,
                CellOutcome.NoGranulesFound, 0, 0, []));
        }

        var observations = _cellBuffers.Rent(pipeline.Aggregator.ColumnNames.Count);
        var reads = new OrderedReads(observations, distinct.Length, _granuleBuffers);
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, distinct.Length),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, GranuleConcurrency), CancellationToken = cancellationToken },
                async (index, ct) => reads.Complete(index, await ReadGranuleAsync(source, distinct[index], cell, pipeline, ct).ConfigureAwait(false)))
                .ConfigureAwait(false);

            var failures = reads.Failures;
            var granulesFailed = distinct.Length - reads.FilesProcessed;
            if (observations.Count == 0)
            {
                var error = granulesFailed == 0
                    ? CellOutcome.NoDataAfterFiltering
                    : string.Create(CultureInfo.InvariantCulture, $"{granulesFailed} of {distinct.Length} granules failed and the rest held no data: {failures[0].Reason}");
                return new CellResult(null, Outcome(error, 0, 0));
            }

            // Aggregation is all CPU: more at once than cores only holds more work arrays.
            await _aggregations.WaitAsync(cancellationToken).ConfigureAwait(false);
            ChildTable table;
            try
            {
                var aggregating = Stopwatch.GetTimestamp();
                table = pipeline.Aggregator.Aggregate(parentMorton, observations);
                Cache.Statistics.Aggregated(aggregating);
            }
            finally
            {
                _aggregations.Release();
            }

            return new CellResult(table, Outcome(null, CountCellsWithData(observations, cell.ChildCount), observations.Count));

            CellOutcome Outcome(string? error, int cellsWithData, long totalObservations) =>
                new(parentMorton, cellsWithData, totalObservations, distinct.Length, reads.FilesProcessed, time.GetElapsedTime(started).TotalSeconds,
                    error, granulesFailed, failures.Count(f => f.Group is not null), failures);
        }
        finally
        {
            reads.ReturnPending();
            _cellBuffers.Return(observations);
        }
    }

    private async Task<GranuleRead> ReadGranuleAsync(IGranuleSource source, Uri address, CellSelection cell, CompiledPipeline pipeline,
        CancellationToken cancellationToken)
    {
        var name = GranuleNames.Display(address);
        try
        {
            // A granule whose version is known without opening it may still be open from an earlier cell.
            GranuleKey version = default;
            var poolable = ReferenceEquals(source, granules) && granules is IGranuleVersionSource versions && versions.TryGetVersion(address, out version);
            var file = poolable ? Cache.Files.Rent(version) : null;
            if (file is null)
            {
                var stream = await source.OpenAsync(address, cancellationToken).ConfigureAwait(false);
                file = new GranuleFile(stream, Hdf5GranuleReader.KeyOf(stream, name), Cache, ownsStream: true);
            }

            var keepOpen = false;
            ObservationBuffer? buffer = null;
            try
            {
                // PureHDF reads synchronously: run the decode on the thread pool, never on the caller's scheduler.
                buffer = _granuleBuffers.Rent(pipeline.Aggregator.ColumnNames.Count);
                var groupFailures = await Task.Run(() => pipeline.Reader.Read(file, cell, buffer, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
                foreach (var failure in groupFailures)
                {
                    LogGroupFailed(logger, cell.ParentMorton, name, failure.Group!, failure.Reason);
                }

                keepOpen = poolable && groupFailures.Count == 0;
                var read = new GranuleRead(buffer, groupFailures);
                buffer = null;
                return read;
            }
            finally
            {
                _granuleBuffers.Return(buffer);
                if (keepOpen)
                {
                    Cache.Files.Return(file);
                }
                else
                {
                    file.Dispose();
                }
            }
        }
        catch (GranuleAccessException e)
        {
            LogGranuleFailed(logger, cell.ParentMorton, name, e.Kind, e.Message);
            return new GranuleRead(null, [new GranuleFailure(name, null, e.Kind, e.Message)]);
        }
    }

    /// <summary>Closes the granules this processor kept open (when it made its own cache).</summary>
    public void Dispose()
    {
        _ownCache?.Dispose();
        _aggregations.Dispose();
    }

    private static int CountCellsWithData(ObservationBuffer observations, int childCount)
    {
        var seen = new bool[childCount];
        var count = 0;
        foreach (var child in observations.Children)
        {
            if (!seen[child])
            {
                seen[child] = true;
                count++;
            }
        }

        return count;
    }

    private sealed record GranuleRead(ObservationBuffer? Observations, IReadOnlyList<GranuleFailure> Failures);

    /// <summary>
    /// Appends each granule's rows to the cell's buffer in list order as soon as every earlier granule is in (so the
    /// result does not depend on which read finished first), giving the granule's buffer back right away.
    /// </summary>
    private sealed class OrderedReads(ObservationBuffer target, int count, ObservationBufferPool buffers)
    {
        private readonly Lock _gate = new();
        private readonly GranuleRead?[] _reads = new GranuleRead?[count];
        private int _next;

        public List<GranuleFailure> Failures { get; } = [];

        public int FilesProcessed { get; private set; }

        public void Complete(int index, GranuleRead read)
        {
            lock (_gate)
            {
                _reads[index] = read;
                for (; _next < count && _reads[_next] is { } ready; _next++)
                {
                    _reads[_next] = null;
                    Failures.AddRange(ready.Failures);
                    if (ready.Observations is { } rows)
                    {
                        target.Append(rows);
                        buffers.Return(rows);
                        FilesProcessed++;
                    }
                }
            }
        }

        /// <summary>Gives back the buffers of reads never appended (the cell failed or was cancelled).</summary>
        public void ReturnPending()
        {
            lock (_gate)
            {
                foreach (var read in _reads)
                {
                    buffers.Return(read?.Observations);
                }

                Array.Clear(_reads);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cell {ParentMorton}: group {Group} of granule {Granule} skipped: {Reason}")]
    private static partial void LogGroupFailed(ILogger logger, long parentMorton, string granule, string group, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cell {ParentMorton}: granule {Granule} not processed ({Kind}): {Reason}")]
    private static partial void LogGranuleFailed(ILogger logger, long parentMorton, string granule, GranuleErrorKind kind, string reason);
}
