using Magg.Orleans.Grains.Credentials;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Grains.Lambda;
using Magg.Orleans.Grains.Security;
using Magg.Orleans.Grains.Services;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.Storage.Zarr;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Cells;

/// <summary>
/// One chunk of one store. Its state is the fast path: the same inputs again are answered from it without reading a
/// granule (after checking the chunk is still there). The work itself — stamp check, read, aggregate, write chunk,
/// write stamp — is <see cref="CellWorker"/>'s, so a grain without state (a new process, a lost table) still trusts
/// the store's stamp. With the lambda backend the same work runs in the run's Lambda function (<see cref="LambdaCells"/>):
/// the grain checks its state and the store's stamp first, so an up-to-date cell invokes nothing, and records the outcome
/// the function returns after it wrote the chunks. While it works it tells its batch it is alive, so a slow cell's lease
/// never expires.
/// </summary>
public sealed partial class CellGrain(
    [PersistentState("cell", MaggStorage.Cells)] IPersistentState<CellState> state,
    PipelineCache pipelines,
    CellWorker worker,
    LambdaCells lambda,
    IOutputStores stores,
    ClientGranuleSources clientSources,
    RunValidator validator,
    CellSlots slots,
    MaggMetrics metrics,
    IOptions<RunOptions> options,
    TimeProvider time,
    ILogger<CellGrain> logger) : Grain, ICellGrain
{
    public async Task Dispatch(CellWork work, IRunBatchGrain batch)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(batch);
        CellReport report;
        using (Heartbeat(work, batch))
        {
            report = await Process(work);
        }

        try
        {
            await batch.OnCellCompleted(report);
        }
        catch (Exception e)
        {
            // The batch re-dispatches the cell when its lease expires; the next attempt finds it up to date.
            metrics.Fault("cell.report");
            LogReportFailed(logger, work.Cell.ParentMorton, work.Context.RunId, e);
        }

        // Millions of cells must not stay in memory once done: the state is saved, a later call reads it back.
        DeactivateOnIdle();
    }

    public async Task<CellReport> Process(CellWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (context, cell) = (work.Context, work.Cell);
        ClientGranuleSources.Lease? credentials = null;
        try
        {
            validator.CheckCell(work);
            var cached = pipelines.Get(context.ConfigYaml);
            var store = stores.Open(context);
            var fingerprint = CellFingerprint.Compute(cached.Fingerprint, context.Store.NormalizedLocation, context.Store.Compression, context.TemplateId,
                cell.ParentMorton, cell.ChunkIndex, context.TotalCatalogCells, context.ParentOrder, cached.Pipeline.Config.ChildOrder, cell.Granules);
            if (state.State.Fingerprint == fingerprint && state.State.Metadata is { } recorded && await IsStoredAsync(store, cell.ChunkIndex))
            {
                LogUpToDate(logger, cell.ParentMorton, context.RunId);
                return new CellReport(cell.ChunkIndex, CellStatus.UpToDate, recorded, false, work.Attempt);
            }

            if (context.ClientCredentials && cell.Granules.Length > 0)
            {
                // The run reads with its client's token, held by the run's credentials grain; without it the cell waits.
                if (await GrainFactory.GetGrain<IRunCredentialsGrain>(context.RunId).Token() is not { } token)
                {
                    LogNeedsCredentials(logger, cell.ParentMorton, context.RunId);
                    var waiting = CellRecord.Failed(cell.ParentMorton, cell.Granules.Length, "waiting for the run's Earthdata credentials (the silo holding them was lost)");
                    return new CellReport(cell.ChunkIndex, CellStatus.NeedsCredentials, ToMetadata(waiting), false, work.Attempt);
                }

                credentials = clientSources.Acquire(context.RunId, token);
            }

            if (state.State.Fingerprint is not null && state.State.Fingerprint != fingerprint)
            {
                // A rewrite: the record must not vouch for the chunk while it is half old, half new.
                state.State.Fingerprint = null;
                await state.WriteStateAsync();
            }

            CellJobResult result;
            LambdaCellResult? remote = null;
            using (metrics.StartCell(context.Store.Id))
            {
                var job = new CellJob(context.RunId, cell.ChunkIndex, cell.ParentMorton, cell.Granules, fingerprint, context.TemplateId);
                if (context.Backend == AggBackends.Lambda)
                {
                    // Not in a silo slot: the work runs in Lambda (the run's concurrency bounds it), and the invocation has its own timeout.
                    remote = await lambda.RunAsync(job, context, store);
                    result = remote.Result;
                }
                else
                {
                    result = await slots.RunAsync(cell.ParentMorton, ct => worker.RunAsync(job, store, cached.Pipeline, credentials?.Source, ct));
                }
            }

            var metadata = ToMetadata(result.Record);
            if (result.Status is CellJobStatus.Written or CellJobStatus.Empty && cell.Granules.Length > 0)
            {
                metrics.CellProcessed(result.Record.TotalObs);
            }

            if (result.Recorded)
            {
                state.State.Fingerprint = fingerprint;
                state.State.Status = result.Status == CellJobStatus.Empty ? CellStatus.Empty : CellStatus.Written;
                state.State.Metadata = metadata;
                state.State.RunId = context.RunId;
                state.State.WrittenAt = time.GetUtcNow();
                await state.WriteStateAsync();
            }

            var status = Status(result.Status);
            LogProcessed(logger, cell.ParentMorton, context.RunId, status, result.Record.TotalObs, result.Record.DurationSeconds);
            return new CellReport(cell.ChunkIndex, status, metadata with { Lambda = remote?.Usage }, result.Retryable, work.Attempt,
                remote?.Throttled ?? false, remote?.FunctionError ?? false, remote?.Usage);
        }
        catch (Exception e)
        {
            var retryable = FailureClassifier.IsRetryable(e);
            LogCellError(logger, cell.ParentMorton, context.RunId, retryable, e);
            var failed = CellRecord.Failed(cell.ParentMorton, cell.Granules.Length, $"{e.GetType().Name}: {e.Message}");
            return new CellReport(cell.ChunkIndex, CellStatus.Failed, ToMetadata(failed), retryable, work.Attempt);
        }
        finally
        {
            credentials?.Dispose();
        }
    }

    private Task<bool> IsStoredAsync(ZarrDggsStore store, int chunkIndex) =>
        state.State.Status == CellStatus.Empty ? store.HasCoordinatesAsync(chunkIndex) : store.HasChunkAsync(chunkIndex);

    private IDisposable? Heartbeat(CellWork work, IRunBatchGrain batch)
    {
        if (work.Cell.Granules.Length == 0)
        {
            return null;
        }

        var period = options.Value.EffectiveHeartbeatPeriod;
        return this.RegisterGrainTimer(() => batch.OnCellAlive(work.Cell.ChunkIndex, work.Attempt), new GrainTimerCreationOptions
        {
            DueTime = period,
            Period = period,
            Interleave = true,
            KeepAlive = true,
        });
    }

    private static CellStatus Status(CellJobStatus status) => status switch
    {
        CellJobStatus.Written => CellStatus.Written,
        CellJobStatus.UpToDate => CellStatus.UpToDate,
        CellJobStatus.Empty => CellStatus.Empty,
        _ => CellStatus.Failed,
    };

    private static CellMetadata ToMetadata(CellRecord record) =>
        new(record.ParentMorton, record.CellsWithData, record.TotalObs, record.GranuleCount, record.FilesProcessed, record.DurationSeconds,
            record.Error, record.GranulesFailed, record.GroupsFailed, [.. record.Failures],
            FailureDetails: record.Details?.Select(f => new CellFailure(f.Granule, f.Group, f.Reason)).ToArray());

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cell {ParentMorton} up to date for run {RunId}")]
    private static partial void LogUpToDate(ILogger logger, long parentMorton, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cell {ParentMorton} of run {RunId}: {Status}, {Observations} observations in {Seconds:F2} s")]
    private static partial void LogProcessed(ILogger logger, long parentMorton, string runId, CellStatus status, long observations, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cell {ParentMorton} of run {RunId} failed (retryable: {Retryable})")]
    private static partial void LogCellError(ILogger logger, long parentMorton, string runId, bool retryable, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cell {ParentMorton} of run {RunId} waits: no Earthdata credentials are held for the run")]
    private static partial void LogNeedsCredentials(ILogger logger, long parentMorton, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cell {ParentMorton} of run {RunId} could not report to its batch; its lease will bring it back")]
    private static partial void LogReportFailed(ILogger logger, long parentMorton, string runId, Exception exception);
}
