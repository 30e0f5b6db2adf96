using Magg.Orleans.Core.Processing;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Grains.Security;
using Magg.Orleans.Grains.Services;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Grains.Cells;

/// <summary>
/// One chunk of one store. Aggregates the cell, writes the chunk, then records the fingerprint of its inputs —
/// chunk first, state second, so a crash in between redoes identical work. The same inputs again are answered from
/// the record without reading a granule (after checking the chunk is still there).
/// </summary>
public sealed partial class CellGrain(
    [PersistentState("cell", MaggStorage.Cells)] IPersistentState<CellState> state,
    PipelineCache pipelines,
    CellProcessor processor,
    IOutputStores stores,
    RunValidator validator,
    CellSlots slots,
    MaggMetrics metrics,
    TimeProvider time,
    ILogger<CellGrain> logger) : Grain, ICellGrain
{
    private const int MaxReportedFailures = 5;

    public async Task Dispatch(CellWork work, IRunBatchGrain batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var report = await Process(work);
        await batch.OnCellCompleted(report);
    }

    public async Task<CellReport> Process(CellWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var cell = work.Cell;
        try
        {
            validator.CheckCell(work);
            var cached = pipelines.Get(work.Context.ConfigYaml);
            var fingerprint = CellFingerprint.Compute(work, cached.Fingerprint, cached.Pipeline.Config.ChildOrder);
            if (state.State.Fingerprint == fingerprint && state.State.Metadata is { } recorded
                && (state.State.Status == CellStatus.Empty || await stores.HasChunkAsync(work.Context, cell.ChunkIndex, CancellationToken.None)))
            {
                LogUpToDate(logger, cell.ParentMorton, work.Context.RunId);
                return new CellReport(cell.ChunkIndex, CellStatus.UpToDate, recorded, false, work.Attempt);
            }

            var addresses = cell.Granules.Select(g => new Uri(g, UriKind.Absolute)).ToArray();
            CellResult result;
            using (metrics.StartCell())
            {
                result = await slots.RunAsync(cell.ParentMorton, ct => processor.ProcessAsync(cell.ParentMorton, addresses, cached.Pipeline, ct));
            }

            metrics.CellProcessed(result.Outcome.TotalObservations);
            var outcome = result.Outcome;
            var metadata = ToMetadata(outcome);
            if (outcome.Failures.Any(f => f.Group is null && FailureClassifier.IsRetryable(f.Kind)))
            {
                // Never write a chunk that is missing a granule we may still be able to read.
                return new CellReport(cell.ChunkIndex, CellStatus.Failed, metadata with { Error = TransientError(outcome) }, true, work.Attempt);
            }

            if (result.Table is null && !outcome.IsEmpty)
            {
                return new CellReport(cell.ChunkIndex, CellStatus.Failed, metadata, false, work.Attempt);
            }

            if (result.Table is not null)
            {
                await stores.WriteChunkAsync(work.Context, cell.ChunkIndex, result.Table, CancellationToken.None);
            }

            var status = result.Table is null ? CellStatus.Empty : CellStatus.Written;
            state.State.Fingerprint = fingerprint;
            state.State.Status = status;
            state.State.Metadata = metadata;
            state.State.RunId = work.Context.RunId;
            state.State.WrittenAt = time.GetUtcNow();
            await state.WriteStateAsync();
            LogProcessed(logger, cell.ParentMorton, work.Context.RunId, status, outcome.TotalObservations, outcome.DurationSeconds);
            return new CellReport(cell.ChunkIndex, status, metadata, false, work.Attempt);
        }
        catch (Exception e)
        {
            var retryable = FailureClassifier.IsRetryable(e);
            LogCellError(logger, cell.ParentMorton, work.Context.RunId, retryable, e);
            var metadata = new CellMetadata(cell.ParentMorton, 0, 0, cell.Granules.Length, 0, 0, $"{e.GetType().Name}: {e.Message}", 0, 0, []);
            return new CellReport(cell.ChunkIndex, CellStatus.Failed, metadata, retryable, work.Attempt);
        }
    }

    private static CellMetadata ToMetadata(CellOutcome outcome) =>
        new(outcome.ParentMorton, outcome.CellsWithData, outcome.TotalObservations, outcome.GranuleCount, outcome.FilesProcessed,
            outcome.DurationSeconds, outcome.Error, outcome.GranulesFailed, outcome.GroupsFailed,
            outcome.Failures.Take(MaxReportedFailures)
                .Select(f => f.Group is null ? $"{f.Granule}: {f.Reason}" : $"{f.Granule} {f.Group}: {f.Reason}")
                .ToArray());

    private static string TransientError(CellOutcome outcome)
    {
        var failure = outcome.Failures.First(f => f.Group is null && FailureClassifier.IsRetryable(f.Kind));
        return $"{outcome.GranulesFailed} granule(s) could not be read for now ({failure.Kind}): {failure.Reason}";
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cell {ParentMorton} up to date for run {RunId}")]
    private static partial void LogUpToDate(ILogger logger, long parentMorton, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cell {ParentMorton} of run {RunId}: {Status}, {Observations} observations in {Seconds:F2} s")]
    private static partial void LogProcessed(ILogger logger, long parentMorton, string runId, CellStatus status, long observations, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cell {ParentMorton} of run {RunId} failed (retryable: {Retryable})")]
    private static partial void LogCellError(ILogger logger, long parentMorton, string runId, bool retryable, Exception exception);
}
