using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Grains.Security;
using Magg.Orleans.Grains.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Runs;

/// <summary>
/// A slice of a run: persists its cells' plan and states, dispatches cells one-way to their cell grains within the
/// permits its run granted, retries transient failures with backoff and jitter, and re-dispatches cells whose lease
/// expired. A permit freed by a finished cell goes straight to the batch's next due cell, so a busy run hands out
/// permits only when a batch runs dry. Cell transitions are persisted on the run's next tick (and at once when the batch
/// finishes), not one write per cell: a lost activation forgets at most one tick of progress, and those cells are simply
/// dispatched again, which is safe because cells are idempotent.
/// </summary>
public sealed partial class RunBatchGrain(
    [PersistentState("batch", MaggStorage.Batches)] IPersistentState<BatchState> state,
    RunValidator validator,
    MaggMetrics metrics,
    IOptions<RunOptions> options,
    TimeProvider time,
    ILogger<RunBatchGrain> logger) : Grain, IRunBatchGrain
{
    private readonly RunOptions _options = options.Value;
    private bool _unsaved;

    // Set when a cell found no client credentials: freed permits are not passed on until the run dispatches again.
    private bool _awaitingCredentials;

    private string RunId => state.State.Context?.RunId ?? "";

    private int BatchIndex => state.State.Plan?.BatchIndex ?? -1;

    public async Task Load(RunContext context, BatchPlan plan)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        validator.CheckBatch(context, plan);
        if (state.State.Plan is { } existing)
        {
            if (existing.FirstChunkIndex != plan.FirstChunkIndex || !existing.Cells.Select(c => c.ChunkIndex).SequenceEqual(plan.Cells.Select(c => c.ChunkIndex)))
            {
                throw new InvalidOperationException($"Batch {plan.BatchIndex} of run {context.RunId} is already loaded with different cells.");
            }

            return;
        }

        state.State.Context = context;
        state.State.Plan = plan;
        state.State.Cells = plan.Cells.Select(_ => new BatchCell()).ToArray();
        await SaveAsync();
    }

    public async Task<BatchStats> Begin(string templateId)
    {
        var (context, _) = Loaded();
        if (!state.State.Begun || context.TemplateId != templateId)
        {
            state.State.Context = context with { TemplateId = templateId };
            state.State.Begun = true;
            state.State.Version++;
            await SaveAsync();
        }

        return Stats();
    }

    public Task<BatchStats> Dispatch(int permits)
    {
        Loaded();
        _awaitingCredentials = false;
        if (state.State.Begun && !state.State.Cancelled && permits > 0 && DispatchDue(permits) > 0)
        {
            // Not persisted until the next tick: if this activation is lost first, the stored cells are still pending
            // and are dispatched again, which is safe because cells are idempotent.
            Changed();
        }

        return Task.FromResult(Stats());
    }

    public async Task<BatchStats> Tick()
    {
        var (context, plan) = Loaded();
        var now = time.GetUtcNow();
        for (var i = 0; i < state.State.Cells.Length; i++)
        {
            var cell = state.State.Cells[i];
            if (cell.Status != BatchCellStatus.InFlight || cell.DispatchedAt + _options.CellLease > now)
            {
                continue;
            }

            Changed();
            if (state.State.Cancelled)
            {
                // A cancelled run dispatches nothing more: the cell waits, pending, for a run that resumes the store.
                cell.Status = BatchCellStatus.Pending;
                cell.DispatchedAt = null;
                continue;
            }

            if (++cell.LeaseExpiries > _options.MaxLeaseExpiries)
            {
                Fail(cell, plan.Cells[i], $"no report after {cell.LeaseExpiries} dispatches of {_options.CellLease} each");
                continue;
            }

            LogLeaseExpired(logger, RunId, plan.Cells[i].ParentMorton, cell.Attempt);
            MarkDispatched(cell, now);
            Send(context, plan.Cells[i], cell.Attempt);
        }

        await PersistIfChanged();
        return Stats();
    }

    public async Task OnCellCompleted(CellReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (_, plan) = Loaded();
        var index = IndexOf(plan, report.ChunkIndex);
        if (index < 0)
        {
            return;
        }

        var cell = state.State.Cells[index];
        if (report.Lambda is { } usage)
        {
            // Billed whatever became of the attempt (a late duplicate included).
            cell.Lambda = usage.Plus(cell.Lambda);
            Changed();
        }

        if (report.Status == CellStatus.NeedsCredentials)
        {
            await WaitForCredentials(cell, report);
            return;
        }

        var succeeded = report.Status is not CellStatus.Failed;
        // A done or failed cell is never counted again; a late failure of an older attempt is ignored, but a late
        // success of any attempt is taken (its chunk is written; the newer attempt will find it up to date).
        if (cell.Status is BatchCellStatus.Done or BatchCellStatus.Failed || (!succeeded && report.Attempt != cell.Attempt))
        {
            return;
        }

        cell.Throttles = report.Throttled ? cell.Throttles : 0;
        if (succeeded)
        {
            cell.Status = BatchCellStatus.Done;
            cell.Metadata = report.Metadata with { Lambda = cell.Lambda };
            cell.HasData = report.Status is CellStatus.Written or CellStatus.UpToDate && report.Metadata.TotalObs > 0;
            cell.UpToDate = report.Status == CellStatus.UpToDate;
            cell.DispatchedAt = null;
        }
        else if (report.Throttled && cell.Throttles < _options.MaxThrottles && !state.State.Cancelled)
        {
            // Lambda did not run the cell: no attempt is spent; the run hears of it and lowers its concurrency.
            cell.Throttles++;
            cell.ThrottledAttempts++;
            state.State.Throttles++;
            state.State.LastThrottledDispatch = cell.DispatchedAt > state.State.LastThrottledDispatch || state.State.LastThrottledDispatch is null
                ? cell.DispatchedAt
                : state.State.LastThrottledDispatch;
            cell.Status = BatchCellStatus.Pending;
            cell.NotBefore = time.GetUtcNow() + Backoff(cell.Throttles, _options.ThrottleBaseDelay, _options.ThrottleMaxDelay);
            cell.DispatchedAt = null;
        }
        else if (report.FunctionError)
        {
            // A worker can die for reasons that are not the cell's: once more, but a cell that crashes it every time fails.
            if (++cell.FunctionErrors < 2 && !state.State.Cancelled)
            {
                cell.Status = BatchCellStatus.Pending;
                cell.NotBefore = time.GetUtcNow() + Backoff(1, _options.RetryBaseDelay, _options.RetryMaxDelay);
                cell.DispatchedAt = null;
                LogRetry(logger, RunId, report.Metadata.ParentMorton, cell.Attempt, report.Metadata.Error ?? "");
            }
            else
            {
                Fail(cell, plan.Cells[index], report.Metadata.Error ?? "function error");
                cell.Metadata = report.Metadata with { Lambda = cell.Lambda };
            }
        }
        else if (report.Retryable && cell.Attempt - cell.LeaseExpiries - cell.ThrottledAttempts < _options.MaxAttempts && !state.State.Cancelled)
        {
            cell.Status = BatchCellStatus.Pending;
            cell.NotBefore = time.GetUtcNow() + Backoff(cell.Attempt - cell.ThrottledAttempts, _options.RetryBaseDelay, _options.RetryMaxDelay);
            cell.DispatchedAt = null;
            LogRetry(logger, RunId, report.Metadata.ParentMorton, cell.Attempt, report.Metadata.Error ?? "");
        }
        else
        {
            Fail(cell, plan.Cells[index], report.Metadata.Error ?? "failed");
            cell.Metadata = report.Metadata with { Lambda = cell.Lambda };
        }

        Changed();
        if (state.State.Begun && !state.State.Cancelled && !_awaitingCredentials && state.State.Context?.Backend != AggBackends.Lambda)
        {
            // The permit this cell held goes to the batch's next due cell, without a round trip to the run. (A lambda run
            // hands out every permit itself: its concurrency follows Lambda's throttling.)
            DispatchDue(1);
        }

        var stats = Stats();
        if (stats.IsFinished)
        {
            // The run consolidates once every batch is finished: make the final outcomes durable first, and free the
            // memory (a run of a million cells has thousands of batches; a later results query reads the state back).
            await PersistIfChanged();
            DeactivateOnIdle();
        }

        metrics.Observe(GrainFactory.GetGrain<IRunGrain>(RunId).OnBatchChanged(BatchIndex, stats), "batch.notify");
    }

    public Task OnCellAlive(int chunkIndex, int attempt)
    {
        // A cancelled batch extends no lease: its cells are taken back when their leases run out, never dispatched again.
        if (!state.State.Cancelled && state.State.Plan is { } plan && IndexOf(plan, chunkIndex) is >= 0 and var index
            && state.State.Cells[index] is { Status: BatchCellStatus.InFlight } cell && cell.Attempt == attempt)
        {
            // Kept in memory: if this activation is lost, the worst case is one redundant, idempotent re-dispatch.
            cell.DispatchedAt = time.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    public Task<CellMetadata[]> GetResults()
    {
        var (_, plan) = Loaded();
        var results = new CellMetadata[plan.Cells.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var cell = state.State.Cells[i];
            results[i] = cell.Metadata ?? new CellMetadata(plan.Cells[i].ParentMorton, 0, 0, plan.Cells[i].Granules.Length, 0, 0,
                cell.Status == BatchCellStatus.InFlight ? "in flight" : "not processed", 0, 0, []);
        }

        return Task.FromResult(results);
    }

    public Task<CellReportRow[]> GetReportRows()
    {
        var (_, plan) = Loaded();
        var rows = new CellReportRow[plan.Cells.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            var (cell, planned) = (state.State.Cells[i], plan.Cells[i]);
            var metadata = cell.Metadata ?? new CellMetadata(planned.ParentMorton, 0, 0, planned.Granules.Length, 0, 0, "not processed", 0, 0, []);
            var status = cell.Status switch
            {
                BatchCellStatus.Failed => CellStatus.Failed,
                BatchCellStatus.Done when cell.UpToDate => CellStatus.UpToDate,
                BatchCellStatus.Done when metadata.Error is not null => CellStatus.Empty,
                BatchCellStatus.Done => CellStatus.Written,
                _ => CellStatus.NotProcessed,
            };
            var granules = (metadata.FailureDetails ?? [])
                .Select(f => f.GranuleIndex >= 0 && f.GranuleIndex < planned.Granules.Length ? Display(planned.Granules[f.GranuleIndex]) : "")
                .ToArray();
            rows[i] = new CellReportRow(planned.ChunkIndex, status, metadata, granules);
        }

        return Task.FromResult(rows);
    }

    public async Task Cancel()
    {
        if (!state.State.Cancelled)
        {
            state.State.Cancelled = true;
            state.State.Version++;
            await SaveAsync();
        }
    }

    /// <summary>Saves what is not saved yet before the activation goes away.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await PersistIfChanged();
        }
        catch (Exception e)
        {
            // At most one tick of progress is lost; those cells are dispatched again.
            metrics.Fault("batch.deactivate");
            LogSaveFailed(logger, RunId, BatchIndex, e);
        }
    }

    /// <summary>The cell found no client credentials: it goes back to pending (the attempt does not count) and waits.</summary>
    private async Task WaitForCredentials(BatchCell cell, CellReport report)
    {
        if (cell.Status != BatchCellStatus.InFlight || report.Attempt != cell.Attempt)
        {
            return;
        }

        cell.Status = BatchCellStatus.Pending;
        cell.Attempt--;
        cell.DispatchedAt = null;
        cell.AwaitingCredentials = true;
        _awaitingCredentials = true;
        Changed();
        await PersistIfChanged();
        metrics.Observe(GrainFactory.GetGrain<IRunGrain>(RunId).OnBatchChanged(BatchIndex, Stats()), "batch.notify");
    }

    private static string Display(string granule) =>
        Uri.TryCreate(granule, UriKind.Absolute, out var address) ? Core.Granules.GranuleNames.Display(address) : granule;

    private int DispatchDue(int permits)
    {
        var (context, plan) = Loaded();
        var now = time.GetUtcNow();
        var dispatched = 0;
        for (var i = 0; i < state.State.Cells.Length && dispatched < permits; i++)
        {
            var cell = state.State.Cells[i];
            if (cell.Status == BatchCellStatus.Pending && (cell.NotBefore is null || cell.NotBefore <= now))
            {
                MarkDispatched(cell, now);
                Send(context, plan.Cells[i], cell.Attempt);
                dispatched++;
            }
        }

        return dispatched;
    }

    private void Changed()
    {
        state.State.Version++;
        _unsaved = true;
    }

    private async Task PersistIfChanged()
    {
        if (_unsaved)
        {
            await SaveAsync();
        }
    }

    private async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync();
            _unsaved = false;
        }
        catch
        {
            // Memory is now ahead of storage: start again from what is stored (cells dispatched since are simply
            // dispatched again, which is safe because cells are idempotent).
            DeactivateOnIdle();
            throw;
        }
    }

    private void Send(RunContext context, PlannedCell cell, int attempt)
    {
        var key = new CellKey(context.Store.Id, cell.ParentMorton).ToString();
        metrics.Observe(GrainFactory.GetGrain<ICellGrain>(key).Dispatch(new CellWork(context, cell, attempt), this.AsReference<IRunBatchGrain>()),
            "batch.dispatch");
    }

    private static void MarkDispatched(BatchCell cell, DateTimeOffset now)
    {
        cell.Status = BatchCellStatus.InFlight;
        cell.AwaitingCredentials = false;
        cell.Attempt++;
        cell.DispatchedAt = now;
        cell.NotBefore = null;
    }

    private void Fail(BatchCell cell, PlannedCell planned, string error)
    {
        cell.Status = BatchCellStatus.Failed;
        cell.DispatchedAt = null;
        cell.Metadata ??= new CellMetadata(planned.ParentMorton, 0, 0, planned.Granules.Length, 0, 0, error, 0, 0, []);
        LogCellFailed(logger, RunId, planned.ParentMorton, cell.Attempt, error);
    }

    private static TimeSpan Backoff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponential = baseDelay * Math.Pow(2, Math.Min(30, Math.Max(0, attempt - 1)));
        var capped = exponential < maxDelay ? exponential : maxDelay;
        // Full jitter between half and the whole delay spreads retries of cells that failed together.
        return capped * (0.5 + Random.Shared.NextDouble() / 2);
    }

    private BatchStats Stats()
    {
        int pending = 0, inFlight = 0, done = 0, failed = 0, withData = 0, granulesFailed = 0, upToDate = 0, awaiting = 0;
        long observations = 0, invocations = 0;
        var gbSeconds = 0.0;
        var now = time.GetUtcNow();
        DateTimeOffset? nextDue = null;
        var anyDue = false;
        foreach (var cell in state.State.Cells)
        {
            gbSeconds += cell.Lambda?.GbSeconds ?? 0;
            invocations += cell.Lambda?.Invocations ?? 0;
            switch (cell.Status)
            {
                case BatchCellStatus.Pending:
                    pending++;
                    awaiting += cell.AwaitingCredentials ? 1 : 0;
                    if (cell.NotBefore is { } notBefore && notBefore > now)
                    {
                        nextDue = nextDue is null || notBefore < nextDue ? notBefore : nextDue;
                    }
                    else
                    {
                        anyDue = true;
                    }

                    break;
                case BatchCellStatus.InFlight: inFlight++; break;
                case BatchCellStatus.Failed: failed++; break;
                default:
                    done++;
                    withData += cell.HasData ? 1 : 0;
                    upToDate += cell.UpToDate ? 1 : 0;
                    observations += cell.Metadata?.TotalObs ?? 0;
                    granulesFailed += cell.Metadata?.GranulesFailed ?? 0;
                    break;
            }
        }

        // Cancelled pending cells will not run: the run must not wait for them.
        return new BatchStats(state.State.Cancelled ? 0 : pending, inFlight, done, failed, withData, observations, granulesFailed, state.State.Version,
            anyDue ? null : nextDue, upToDate, state.State.Throttles, state.State.LastThrottledDispatch, gbSeconds, invocations,
            state.State.Cancelled ? 0 : awaiting);
    }

    private static int IndexOf(BatchPlan plan, int chunkIndex)
    {
        // Cells are planned in catalog order: chunk indexes ascend.
        var (low, high) = (0, plan.Cells.Length - 1);
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var value = plan.Cells[middle].ChunkIndex;
            if (value == chunkIndex)
            {
                return middle;
            }

            (low, high) = value < chunkIndex ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }

    private (RunContext Context, BatchPlan Plan) Loaded() =>
        state.State is { Context: { } context, Plan: { } plan }
            ? (context, plan)
            : throw new InvalidOperationException($"Batch {this.GetPrimaryKeyString()} has no plan; load it before starting the run.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: cell {ParentMorton} lease expired after attempt {Attempt}; dispatching again")]
    private static partial void LogLeaseExpired(ILogger logger, string runId, long parentMorton, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: cell {ParentMorton} attempt {Attempt} failed, will retry: {Error}")]
    private static partial void LogRetry(ILogger logger, string runId, long parentMorton, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: cell {ParentMorton} failed after {Attempt} attempts: {Error}")]
    private static partial void LogCellFailed(ILogger logger, string runId, long parentMorton, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: batch {BatchIndex} could not save its state on deactivation")]
    private static partial void LogSaveFailed(ILogger logger, string runId, int batchIndex, Exception exception);
}
