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
{
    /// <summary>What the cells of this processor share when reading granules.</summary>
    public GranuleReadCache Cache { get; } = cache ?? new GranuleReadCache();

    /// <summary>How many granules of one cell are read at the same time.</summary>
    public int GranuleConcurrency { get; init; } = 2;

    /// <summary>Processes <paramref name="parentMorton"/> from <paramref name="granuleAddresses"/> (resolved catalog entries).</summary>
    public async Task<CellResult> ProcessAsync(long parentMorton, IReadOnlyList<Uri> granuleAddresses, CompiledPipeline pipeline,
        CancellationToken cancellationToken = default)
    {
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

        var reads = new GranuleRead[distinct.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, distinct.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, GranuleConcurrency), CancellationToken = cancellationToken },
            async (index, ct) => reads[index] = await ReadGranuleAsync(distinct[index], cell, pipeline, ct).ConfigureAwait(false)).ConfigureAwait(false);

        // Concatenate in list order so the result does not depend on which read finished first.
        var observations = pipeline.Aggregator.CreateBuffer(reads.Sum(r => r.Observations?.Count ?? 0));
        var failures = new List<GranuleFailure>();
        foreach (var read in reads)
        {
            failures.AddRange(read.Failures);
            if (read.Observations is not null)
            {
                observations.Append(read.Observations);
            }
        }

        var filesProcessed = reads.Count(r => r.Observations is not null);
        var granulesFailed = distinct.Length - filesProcessed;
        if (observations.Count == 0)
        {
            var error = granulesFailed == 0
                ? CellOutcome.NoDataAfterFiltering
                : string.Create(CultureInfo.InvariantCulture, $"{granulesFailed} of {distinct.Length} granules failed and the rest held no data: {failures[0].Reason}");
            return new CellResult(null, Outcome(error, 0, 0));
        }

        var aggregating = Stopwatch.GetTimestamp();
        var table = pipeline.Aggregator.Aggregate(parentMorton, observations);
        Cache.Statistics.Aggregated(aggregating);
        return new CellResult(table, Outcome(null, CountCellsWithData(observations, cell.ChildCount), observations.Count));

        CellOutcome Outcome(string? error, int cellsWithData, long totalObservations) =>
            new(parentMorton, cellsWithData, totalObservations, distinct.Length, filesProcessed, time.GetElapsedTime(started).TotalSeconds, error,
                granulesFailed, failures.Count(f => f.Group is not null), failures);
    }

    private async Task<GranuleRead> ReadGranuleAsync(Uri address, CellSelection cell, CompiledPipeline pipeline, CancellationToken cancellationToken)
    {
        var name = GranuleNames.Display(address);
        try
        {
            var stream = await granules.OpenAsync(address, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                // PureHDF reads synchronously: run the decode on the thread pool, never on the caller's scheduler.
                var buffer = pipeline.Aggregator.CreateBuffer();
                var groupFailures = await Task.Run(() => pipeline.Reader.Read(stream, name, cell, buffer, Cache, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
                foreach (var failure in groupFailures)
                {
                    LogGroupFailed(logger, cell.ParentMorton, name, failure.Group!, failure.Reason);
                }

                return new GranuleRead(buffer, groupFailures);
            }
        }
        catch (GranuleAccessException e)
        {
            LogGranuleFailed(logger, cell.ParentMorton, name, e.Kind, e.Message);
            return new GranuleRead(null, [new GranuleFailure(name, null, e.Kind, e.Message)]);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cell {ParentMorton}: group {Group} of granule {Granule} skipped: {Reason}")]
    private static partial void LogGroupFailed(ILogger logger, long parentMorton, string granule, string group, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cell {ParentMorton}: granule {Granule} not processed ({Kind}): {Reason}")]
    private static partial void LogGranuleFailed(ILogger logger, long parentMorton, string granule, GranuleErrorKind kind, string reason);
}
