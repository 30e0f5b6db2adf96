using System.Globalization;
using Magg.Orleans.Grains.Cells;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Grains.Security;
using Magg.Orleans.Grains.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Runs;

/// <summary>
/// Orchestrates one run: prepares the store template (under the store's lock), grants its batches permits so that at
/// most <see cref="RunHeader.MaxWorkers"/> cells are in flight, consolidates the store at the end, and resumes on any
/// silo after its own was lost (a reminder, or the next progress query, reactivates it; batches hold the truth about
/// their cells and are asked again).
/// </summary>
/// <remarks>
/// Work per finished cell is constant: the run keeps running totals of its batches' latest counts and an ordered set of
/// batches with pending cells, never a scan over all batches. While Lambda throttles a lambda run, the run's concurrency
/// follows AIMD: it halves when a cell dispatched since the last decrease is throttled, and grows by one cell per
/// concurrency's worth of finished cells, up to <see cref="RunHeader.MaxWorkers"/>. A step that throws (an unreachable or corrupt store, a
/// batch whose state cannot be saved) is counted and retried with backoff, and after <see cref="RunOptions.MaxFaults"/>
/// failures in a row (or at once, when retrying cannot help) the run fails with that step's last error.
/// </remarks>
public sealed partial class RunGrain(
    [PersistentState("run", MaggStorage.Runs)] IPersistentState<RunState> state,
    IOutputStores stores,
    RunValidator validator,
    MaggMetrics metrics,
    IOptions<RunOptions> options,
    IOptions<ReportOptions> reportOptions,
    TimeProvider time,
    ILogger<RunGrain> logger) : Grain, IRunGrain, IRemindable
{
    private const string WatchdogReminder = "watchdog";
    private const int BatchCallConcurrency = 64;
    private const int MaxErrorLength = 2000;
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(20);

    private readonly RunOptions _options = options.Value;
    private readonly RunTotals _totals = new();
    private readonly SortedSet<int> _dispatchable = [];
    private readonly HashSet<int> _active = [];
    private BatchStats?[] _batches = [];
    private bool _synced;
    private bool _batchesCancelled;
    private bool _unsaved;
    private DateTimeOffset _nextAttemptAt;
    private DateTimeOffset _renewedAt;
    private TaskCompletionSource _statusChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private double _window = double.MaxValue;
    private DateTimeOffset _lastDecrease = DateTimeOffset.MinValue;
    private int _lowestConcurrency = int.MaxValue;
    private IGrainTimer? _ticker;

    private string RunId => this.GetPrimaryKeyString();

    private RunHeader Header => state.State.Header ?? throw new InvalidOperationException($"Run {RunId} has not been started.");

    private RunStatus Status => state.State.Status;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Header is { } header)
        {
            _batches = new BatchStats?[header.BatchCount];
            if (!IsFinished(Status))
            {
                LogResuming(logger, RunId, Status);
                StartTicker();
            }
            else if (ReportPending)
            {
                // The silo writing the report was lost before it answered: try again.
                await RequestReport();
            }
        }
    }

    public async Task<RunProgress> Start(RunHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        validator.CheckRun(header);
        if (state.State.Header is { } existing)
        {
            if (existing != header)
            {
                throw new InvalidOperationException($"Run {RunId} already exists with a different plan; choose another run id.");
            }

            if (!IsFinished(Status))
            {
                StartTicker();
            }

            return Progress();
        }

        state.State.Header = header;
        state.State.Status = RunStatus.Preparing;
        state.State.StartedAt = time.GetUtcNow();
        state.State.Totals = new RunTotals { Pending = header.SelectedCells };
        await state.WriteStateAsync();
        _batches = new BatchStats?[header.BatchCount];
        if (_options.UseWatchdogReminder)
        {
            await this.RegisterOrUpdateReminder(WatchdogReminder, _options.WatchdogPeriod, _options.WatchdogPeriod);
        }

        LogStarted(logger, RunId, header.SelectedCells, header.BatchCount, header.MaxWorkers);
        StartTicker();
        return Progress();
    }

    public Task<RunProgress> GetProgress() => Task.FromResult(Progress());

    public Task<RunHeader?> GetHeader() => Task.FromResult(state.State.Header);

    public async Task<RunProgress> WaitForProgress(RunStatus seen, TimeSpan maxWait)
    {
        var wait = maxWait < LongestWait ? maxWait : LongestWait;
        if (Status == seen && state.State.Header is not null && wait > TimeSpan.Zero)
        {
            using var stopDelay = new CancellationTokenSource();
            var changed = _statusChanged.Task;
            if (await Task.WhenAny(changed, Task.Delay(wait, time, stopDelay.Token)) == changed)
            {
                await stopDelay.CancelAsync();
            }
        }

        return Progress();
    }

    public Task<RunSummary> GetSummaryTotals()
    {
        var header = Header;
        var totals = CurrentTotals;
        var finishedAt = state.State.FinishedAt ?? time.GetUtcNow();
        var wallTime = (finishedAt - (state.State.StartedAt ?? finishedAt)).TotalSeconds;
        return Task.FromResult(new RunSummary(RunId, Status, header.SelectedCells, totals.CellsWithData, totals.Failed, totals.TotalObs, wallTime,
            header.Store.Location, header.Backend, totals.GranulesFailed, ErrorText(), [], header.BatchCount, totals.UpToDate, totals.LambdaGbSeconds,
            totals.LambdaInvocations, header.Lambda?.Cost(totals.LambdaGbSeconds, totals.LambdaInvocations) ?? 0, totals.LambdaThrottles,
            _lowestConcurrency == int.MaxValue ? 0 : _lowestConcurrency,
            state.State.ReportHtml, state.State.ReportJson, ReportPending ? null : state.State.ReportError ?? (reportOptions.Value.Enabled ? null : "reports are off (Magg:Reports:Enabled)")));
    }

    public async Task<RunProgress> CredentialsRestored()
    {
        if (state.State.Header is not null && Status == RunStatus.NeedsCredentials)
        {
            try
            {
                await Advance(pollActive: false);
            }
            catch (Exception e)
            {
                await Fault(e);
            }
        }

        return Progress();
    }

    public async Task OnReportWritten(string? html, string? json, string? problem)
    {
        (state.State.ReportHtml, state.State.ReportJson) = (html ?? state.State.ReportHtml, json ?? state.State.ReportJson);
        state.State.ReportError = html is null ? problem ?? "the report was not written" : null;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            metrics.Fault("run.report");
            LogSaveFailed(logger, RunId, e);
        }

        if (ReportPending)
        {
            await RequestReport();
        }
    }

    public async Task<CellMetadata[]> GetResultsPage(int page)
    {
        var header = Header;
        if (page < 0 || page >= header.BatchCount)
        {
            throw new ArgumentOutOfRangeException(nameof(page), $"Run {RunId} has result pages 0..{header.BatchCount - 1}, not {page}.");
        }

        return await Batch(page).GetResults();
    }

    public async Task Cancel()
    {
        if (state.State.Header is null || IsFinished(Status) || state.State.Cancelled)
        {
            return;
        }

        // Recorded before the batches hear of it: a run that resumes after a crash must not dispatch again.
        state.State.Cancelled = true;
        state.State.CancelledAt = time.GetUtcNow();
        await state.WriteStateAsync();
        LogCancelled(logger, RunId);
        try
        {
            await CancelBatches();
            await CheckCredentials();
            await CheckFinished();
        }
        catch (Exception e)
        {
            await Fault(e);
        }
    }

    public async Task OnBatchChanged(int batchIndex, BatchStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        if (state.State.Header is null || batchIndex < 0 || batchIndex >= _batches.Length || IsFinished(Status))
        {
            return;
        }

        Update(batchIndex, stats);
        if (Status is not (RunStatus.Running or RunStatus.NeedsCredentials) || !_synced)
        {
            return;
        }

        try
        {
            if (stats.AwaitingCredentials > 0 && !await CheckCredentials())
            {
                return;
            }

            await Pump();
            await CheckFinished();
        }
        catch (Exception e)
        {
            await Fault(e);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation already resumed the run; a finished run no longer needs its watchdog.
        if (state.State.Header is null || IsFinished(Status))
        {
            await UnregisterWatchdog();
        }
    }

    private void StartTicker()
    {
        _ticker ??= this.RegisterGrainTimer(Tick, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = _options.TickPeriod,
            Interleave = false,
            KeepAlive = true,
        });
    }

    private void StopTicker()
    {
        _ticker?.Dispose();
        _ticker = null;
    }

    private async Task Tick(CancellationToken cancellationToken)
    {
        if (IsFinished(Status))
        {
            StopTicker();
            return;
        }

        if (time.GetUtcNow() < _nextAttemptAt)
        {
            return;
        }

        try
        {
            switch (Status)
            {
                case RunStatus.Preparing:
                    await Prepare(cancellationToken);
                    break;
                case RunStatus.Running or RunStatus.NeedsCredentials:
                    await Advance(pollActive: true);
                    break;
                case RunStatus.Consolidating:
                    await Finish();
                    break;
            }

            if (!IsFinished(Status))
            {
                await SaveProgress();
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            await Fault(e);
        }
    }

    private async Task Prepare(CancellationToken cancellationToken)
    {
        if (state.State.Cancelled)
        {
            await Finish();
            return;
        }

        var template = await stores.PrepareAsync(Context(), Header.Overwrite, cancellationToken);
        _renewedAt = time.GetUtcNow();
        state.State.TemplateId = template.TemplateId;
        state.State.ConsecutiveFaults = 0;
        SetStatus(RunStatus.Running);
        // Recorded before the batches learn the template: a run that stops half-way through resumes Running and begins
        // every batch again (beginning is idempotent).
        await state.WriteStateAsync(CancellationToken.None);
        LogPrepared(logger, RunId, template.TemplateId, template.Created);
        await Advance(pollActive: false);
    }

    private async Task Advance(bool pollActive)
    {
        if (!_synced)
        {
            await Sync();
        }
        else if (pollActive && _active.Count > 0)
        {
            // Only batches with cells in flight can have leases to check.
            await ForEach(_active.ToArray(), async i => Update(i, await Batch(i).Tick()));
        }

        if (state.State.Cancelled && !_batchesCancelled)
        {
            await CancelBatches();
        }

        if (state.State.TemplateId is not null && time.GetUtcNow() - _renewedAt >= _options.StoreRunTtl / 4)
        {
            await stores.RenewAsync(Context(), CancellationToken.None);
            _renewedAt = time.GetUtcNow();
        }

        if (await CheckCredentials())
        {
            await Pump();
            await CheckFinished();
        }

        state.State.ConsecutiveFaults = 0;
    }

    /// <summary>
    /// For a run that reads with its client's credentials: pauses it (<see cref="RunStatus.NeedsCredentials"/>) while no
    /// silo holds them, and resumes it once they are back. True when the run may dispatch.
    /// </summary>
    private async Task<bool> CheckCredentials()
    {
        if (!Header.ClientCredentials || IsFinished(Status) || Status == RunStatus.Preparing)
        {
            return true;
        }

        // A cancelled run dispatches nothing, so it needs no credentials to end.
        var held = state.State.Cancelled || await GrainFactory.GetGrain<IRunCredentialsGrain>(RunId).Has();
        var status = held ? RunStatus.Running : RunStatus.NeedsCredentials;
        if (status != Status)
        {
            SetStatus(status);
            await state.WriteStateAsync();
            if (held)
            {
                LogCredentialsBack(logger, RunId);
            }
            else
            {
                LogNeedsCredentials(logger, RunId);
            }
        }

        return held;
    }

    /// <summary>Asks every batch for its counts (beginning it in the run's template): after activation, or after prepare.</summary>
    private async Task Sync()
    {
        var templateId = state.State.TemplateId ?? throw new InvalidOperationException($"Run {RunId} has no store template yet.");
        await ForEach(Enumerable.Range(0, _batches.Length).ToArray(), async i => Update(i, await Batch(i).Begin(templateId)));
        _synced = true;
    }

    /// <summary>Grants free permits to batches with due cells, in batch order.</summary>
    private async Task Pump()
    {
        if (state.State.Cancelled || Status != RunStatus.Running || !_synced)
        {
            return;
        }

        var now = time.GetUtcNow();
        var cursor = -1;
        while (Concurrency - _totals.InFlight is var free && free > 0 && NextDispatchable(cursor, now) is var next && next >= 0)
        {
            Update(next, await Batch(next).Dispatch(free));
            cursor = next;
        }
    }

    private int NextDispatchable(int after, DateTimeOffset now)
    {
        if (after >= int.MaxValue - 1 || _dispatchable.Count == 0)
        {
            return -1;
        }

        foreach (var index in _dispatchable.GetViewBetween(after + 1, int.MaxValue))
        {
            if (_batches[index]?.NextDueAt is not { } due || due <= now)
            {
                return index;
            }
        }

        return -1;
    }

    private async Task CheckFinished()
    {
        if (Status != RunStatus.Running || !_synced)
        {
            return;
        }

        var cancelledLongEnough = state.State.Cancelled && time.GetUtcNow() - state.State.CancelledAt >= _options.CancelGrace;
        if ((_totals.Pending == 0 && _totals.InFlight == 0) || cancelledLongEnough)
        {
            SetStatus(RunStatus.Consolidating);
            await state.WriteStateAsync();
            await Finish();
        }
    }

    private async Task Finish()
    {
        if (state.State.TemplateId is not null)
        {
            if (!_synced)
            {
                await Sync();
            }

            await stores.FinishAsync(Context(), consolidate: true, CancellationToken.None);
        }

        var totals = CurrentTotals;
        state.State.Totals = totals.Clone();
        state.State.FinishedAt = time.GetUtcNow();
        state.State.ConsecutiveFaults = 0;
        SetStatus(state.State.Cancelled ? RunStatus.Cancelled : totals.Failed > 0 ? RunStatus.CompletedWithErrors : RunStatus.Completed);
        await state.WriteStateAsync();
        LogFinished(logger, RunId, Status, totals.Done, totals.Failed);
        StopTicker();
        await UnregisterWatchdog();
        await Ended();
    }

    private async Task Fail(string error)
    {
        state.State.Error = error.Length > MaxErrorLength ? error[..MaxErrorLength] : error;
        state.State.Totals = CurrentTotals.Clone();
        state.State.FinishedAt = time.GetUtcNow();
        SetStatus(RunStatus.Failed);
        StopTicker();
        await state.WriteStateAsync();
        LogFailed(logger, RunId, error);
        if (state.State.TemplateId is not null)
        {
            await stores.FinishAsync(Context(), consolidate: false, CancellationToken.None);
        }

        await UnregisterWatchdog();
        await Ended();
    }

    /// <summary>The run is over: its client's credentials are forgotten and its report is written.</summary>
    private async Task Ended()
    {
        if (Header.ClientCredentials)
        {
            try
            {
                await GrainFactory.GetGrain<IRunCredentialsGrain>(RunId).Clear();
            }
            catch (Exception e)
            {
                // The holder is idle-collected with the run's end anyway.
                metrics.Fault("run.credentials");
                LogSaveFailed(logger, RunId, e);
            }
        }

        await RequestReport();
    }

    private bool ReportPending => reportOptions.Value.Enabled && state.State.ReportHtml is null && state.State.ReportAttempts < reportOptions.Value.MaxAttempts;

    private async Task RequestReport()
    {
        if (!ReportPending || state.State.Header is not { } header)
        {
            return;
        }

        state.State.ReportAttempts++;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            // The attempt still goes ahead; at worst a lost silo makes the next activation try once more than counted.
            metrics.Fault("run.report");
            LogSaveFailed(logger, RunId, e);
        }

        var finishedAt = state.State.FinishedAt ?? time.GetUtcNow();
        var job = new RunReportJob(header, Status, state.State.Error, state.State.StartedAt ?? finishedAt, finishedAt);
        metrics.Observe(GrainFactory.GetGrain<IRunReportGrain>(RunId).Write(job), "run.report");
    }

    /// <summary>Counts a failed step and retries it after a backoff, or fails the run when that cannot help.</summary>
    private async Task Fault(Exception exception)
    {
        var step = Status;
        metrics.Fault("run." + step.ToString().ToLowerInvariant());
        state.State.Faults++;
        state.State.ConsecutiveFaults++;
        state.State.LastFault = $"{exception.GetType().Name}: {exception.Message}";
        var attempts = state.State.ConsecutiveFaults;
        LogStepFailed(logger, RunId, step, attempts, exception);
        if (IsFinished(step))
        {
            return;
        }

        if (!FailureClassifier.IsRetryable(exception) || attempts >= _options.MaxFaults)
        {
            try
            {
                await Fail(string.Create(CultureInfo.InvariantCulture,
                    $"{StepName(step)} failed{(attempts > 1 ? $" {attempts} times in a row" : "")}: {state.State.LastFault}"));
            }
            catch (Exception e)
            {
                // The run is failed in memory; if this activation is lost it resumes and fails again.
                metrics.Fault("run.fail");
                LogSaveFailed(logger, RunId, e);
            }

            return;
        }

        var backoff = _options.FaultBaseDelay * Math.Pow(2, attempts - 1);
        _nextAttemptAt = time.GetUtcNow() + (backoff < _options.FaultMaxDelay ? backoff : _options.FaultMaxDelay);
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e)
        {
            metrics.Fault("run.save");
            LogSaveFailed(logger, RunId, e);
        }
    }

    private async Task CancelBatches()
    {
        await ForEach(Enumerable.Range(0, _batches.Length).ToArray(), i => Batch(i).Cancel());
        _batchesCancelled = true;
    }

    private async Task SaveProgress()
    {
        if (_unsaved && _synced)
        {
            state.State.Totals = _totals.Clone();
            await state.WriteStateAsync();
            _unsaved = false;
        }
    }

    private void Update(int index, BatchStats stats)
    {
        var old = _batches[index];
        if (old is not null)
        {
            if (stats.Version < old.Version)
            {
                // A message that waited in the queue behind fresher counts (from a dispatch or a tick).
                return;
            }

            _totals.Add(old, -1);
        }

        Adapt(stats.Throttles - (old?.Throttles ?? 0), stats.LastThrottledDispatch, stats.Done - (old?.Done ?? 0));
        _totals.Add(stats, 1);
        _batches[index] = stats;
        _ = stats.Pending > 0 ? _dispatchable.Add(index) : _dispatchable.Remove(index);
        _ = stats.InFlight > 0 ? _active.Add(index) : _active.Remove(index);
        _unsaved = true;
    }

    /// <summary>Cells the run lets be in flight now.</summary>
    private int Concurrency => (int)Math.Max(1, Math.Min(Header.MaxWorkers, Math.Floor(_window)));

    /// <summary>AIMD: halve on a throttle of a cell dispatched since the last decrease, add one per window of finished cells.</summary>
    private void Adapt(long newThrottles, DateTimeOffset? lastThrottledDispatch, int newlyDone)
    {
        var max = state.State.Header?.MaxWorkers ?? 1;
        _window = Math.Min(_window, max);
        if (newThrottles > 0 && lastThrottledDispatch is { } dispatched && dispatched > _lastDecrease)
        {
            _window = Math.Max(1, _window / 2);
            _lastDecrease = time.GetUtcNow();
            _lowestConcurrency = Math.Min(_lowestConcurrency, Concurrency);
            LogThrottled(logger, RunId, Concurrency);
        }
        else if (newlyDone > 0 && _window < max)
        {
            _window = Math.Min(max, _window + (double)newlyDone / _window);
        }
    }

    private void SetStatus(RunStatus status)
    {
        state.State.Status = status;
        var changed = _statusChanged;
        _statusChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private async Task UnregisterWatchdog()
    {
        if (!_options.UseWatchdogReminder)
        {
            return;
        }

        try
        {
            if (await this.GetReminder(WatchdogReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception e)
        {
            // A leftover reminder only wakes the finished run, which then tries again.
            metrics.Fault("run.reminder");
            LogReminderFailed(logger, RunId, e);
        }
    }

    private static async Task ForEach(int[] indexes, Func<int, Task> action)
    {
        for (var start = 0; start < indexes.Length; start += BatchCallConcurrency)
        {
            await Task.WhenAll(indexes.AsSpan(start, Math.Min(BatchCallConcurrency, indexes.Length - start)).ToArray().Select(action));
        }
    }

    private RunTotals CurrentTotals => _synced ? _totals : state.State.Totals;

    private string? ErrorText() =>
        state.State.Error ?? (state.State.ConsecutiveFaults > 0 && !IsFinished(Status)
            ? string.Create(CultureInfo.InvariantCulture, $"retrying after {state.State.ConsecutiveFaults} failed attempt(s): {state.State.LastFault}")
            : null);

    private RunProgress Progress()
    {
        var header = state.State.Header;
        if (header is null)
        {
            return new RunProgress(RunId, RunStatus.Unknown, 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, null, null);
        }

        var totals = CurrentTotals;
        var (done, failed, inFlight) = (totals.Done, totals.Failed, totals.InFlight);
        var pending = state.State.Cancelled ? 0 : Math.Max(0, header.SelectedCells - done - failed - inFlight);
        var elapsed = (state.State.FinishedAt ?? time.GetUtcNow()) - (state.State.StartedAt ?? time.GetUtcNow());
        TimeSpan? eta = done + failed > 0 && !IsFinished(Status) ? elapsed / (done + failed) * (pending + inFlight) : null;
        return new RunProgress(RunId, Status, header.SelectedCells, done, failed, inFlight, pending, totals.CellsWithData, totals.TotalObs, elapsed, eta,
            ErrorText(), state.State.Faults, Concurrency, header.ClientCredentials);
    }

    private RunContext Context()
    {
        var header = Header;
        return new RunContext(RunId, header.ConfigYaml, header.Store, header.Driver, header.ParentOrder, header.TotalCatalogCells,
            state.State.TemplateId ?? "", header.CatalogDigest, header.Backend, header.Lambda);
    }

    private IRunBatchGrain Batch(int index) => GrainFactory.GetGrain<IRunBatchGrain>(RunKeys.Batch(RunId, index));

    private static string StepName(RunStatus status) => status switch
    {
        RunStatus.Preparing => "preparing the store",
        RunStatus.Consolidating => "consolidating the store",
        _ => "running",
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} paused: no silo holds its client's Earthdata credentials (the client must supply them again)")]
    private static partial void LogNeedsCredentials(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} resumed: its client's credentials are held again")]
    private static partial void LogCredentialsBack(ILogger logger, string runId);

    private static bool IsFinished(RunStatus status) =>
        status is RunStatus.Completed or RunStatus.CompletedWithErrors or RunStatus.Failed or RunStatus.Cancelled;

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started: {Cells} cells in {Batches} batches, at most {MaxWorkers} at once")]
    private static partial void LogStarted(ILogger logger, string runId, int cells, int batches, int maxWorkers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} resuming in status {Status}")]
    private static partial void LogResuming(ILogger logger, string runId, RunStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} store ready (template {TemplateId}, created: {Created})")]
    private static partial void LogPrepared(ILogger logger, string runId, string templateId, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished {Status}: {Done} cells done, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, string runId, RunStatus status, int done, int failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string runId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: Lambda throttles; at most {Concurrency} cells at once now")]
    private static partial void LogThrottled(ILogger logger, string runId, int concurrency);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} cancelled")]
    private static partial void LogCancelled(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: step {Status} failed ({Attempts} in a row); retrying with backoff unless that cannot help")]
    private static partial void LogStepFailed(ILogger logger, string runId, RunStatus status, int attempts, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} could not save its state")]
    private static partial void LogSaveFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} could not remove its watchdog reminder")]
    private static partial void LogReminderFailed(ILogger logger, string runId, Exception exception);
}
