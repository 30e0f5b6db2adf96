using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Grains.Security;
using Magg.Orleans.Grains.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Runs;

/// <summary>
/// Orchestrates one run: prepares the store template, grants its batches permits so that at most
/// <see cref="RunHeader.MaxWorkers"/> cells are in flight, polls batches for expired leases on a timer,
/// consolidates the store at the end, and resumes on any silo after its own was lost (a reminder, or the next
/// progress query, reactivates it; batches hold the truth about their cells).
/// </summary>
public sealed partial class RunGrain(
    [PersistentState("run", MaggStorage.Runs)] IPersistentState<RunState> state,
    IOutputStores stores,
    RunValidator validator,
    IOptions<RunOptions> options,
    TimeProvider time,
    ILogger<RunGrain> logger) : Grain, IRunGrain, IRemindable
{
    private const string WatchdogReminder = "watchdog";
    private readonly RunOptions _options = options.Value;
    private IGrainTimer? _ticker;

    private string RunId => this.GetPrimaryKeyString();

    private RunHeader Header => state.State.Header ?? throw new InvalidOperationException($"Run {RunId} has not been started.");

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Header is not null && !IsFinished(state.State.Status))
        {
            LogResuming(logger, RunId, state.State.Status);
            StartTicker();
        }

        return Task.CompletedTask;
    }

    public async Task<RunProgress> Start(RunHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        validator.CheckRun(header);
        if (state.State.Header is { } existing)
        {
            return existing == header
                ? Progress()
                : throw new InvalidOperationException($"Run {RunId} already exists with a different plan; choose another run id.");
        }

        state.State.Header = header;
        state.State.Status = RunStatus.Preparing;
        state.State.StartedAt = time.GetUtcNow();
        state.State.Batches = Enumerable.Repeat(BatchStats.Empty, header.BatchCount).ToArray();
        await state.WriteStateAsync();
        if (_options.UseWatchdogReminder)
        {
            await this.RegisterOrUpdateReminder(WatchdogReminder, _options.WatchdogPeriod, _options.WatchdogPeriod);
        }

        LogStarted(logger, RunId, header.SelectedCells, header.BatchCount, header.MaxWorkers);
        StartTicker();
        return Progress();
    }

    public Task<RunProgress> GetProgress() => Task.FromResult(Progress());

    public async Task<RunSummary> GetSummary()
    {
        var header = Header;
        var results = await Task.WhenAll(Enumerable.Range(0, header.BatchCount).Select(i => Batch(i).GetResults()));
        var cells = results.SelectMany(r => r).ToArray();
        var finishedAt = state.State.FinishedAt ?? time.GetUtcNow();
        var wallTime = (finishedAt - (state.State.StartedAt ?? finishedAt)).TotalSeconds;
        return new RunSummary(RunId, state.State.Status, header.SelectedCells, state.State.Batches.Sum(b => b.CellsWithData),
            state.State.Batches.Sum(b => b.Failed), state.State.Batches.Sum(b => b.TotalObs), wallTime, header.Store.Location, header.Backend,
            state.State.Batches.Sum(b => b.GranulesFailed), state.State.Error, cells);
    }

    public async Task Cancel()
    {
        if (state.State.Header is null || IsFinished(state.State.Status) || state.State.Cancelled)
        {
            return;
        }

        state.State.Cancelled = true;
        await Task.WhenAll(Enumerable.Range(0, Header.BatchCount).Select(i => Batch(i).Cancel()));
        await state.WriteStateAsync();
        LogCancelled(logger, RunId);
    }

    public async Task OnBatchChanged(int batchIndex, BatchStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        if (state.State.Header is null || batchIndex < 0 || batchIndex >= state.State.Batches.Length || IsFinished(state.State.Status))
        {
            return;
        }

        if (stats.Version < state.State.Batches[batchIndex].Version)
        {
            // A message that waited in the queue behind fresher counts (from a dispatch or a tick).
            return;
        }

        state.State.Batches[batchIndex] = stats;
        if (state.State.Status == RunStatus.Running)
        {
            await Advance(pollBatches: false);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // Activation already resumed the run; a finished run no longer needs its watchdog.
        if (state.State.Header is null || IsFinished(state.State.Status))
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

    private async Task Tick(CancellationToken cancellationToken)
    {
        try
        {
            switch (state.State.Status)
            {
                case RunStatus.Preparing:
                    await Prepare(cancellationToken);
                    break;
                case RunStatus.Running:
                    await Advance(pollBatches: true);
                    await state.WriteStateAsync(cancellationToken);
                    break;
                case RunStatus.Consolidating:
                    await Finish(cancellationToken);
                    break;
                default:
                    StopTicker();
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failing tick (a batch on a silo being lost, a store hiccup) is retried on the next tick.
            LogTickFailed(logger, RunId, state.State.Status, e);
        }
    }

    private async Task Prepare(CancellationToken cancellationToken)
    {
        var header = Header;
        StoreTemplate template;
        try
        {
            template = await stores.PrepareAsync(Context(header), header.Overwrite, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or Core.Config.ConfigException)
        {
            await Fail(e.Message);
            return;
        }

        await Task.WhenAll(Enumerable.Range(0, header.BatchCount).Select(i => Batch(i).Begin(template.TemplateId, template.Created)));
        state.State.TemplateId = template.TemplateId;
        state.State.Status = RunStatus.Running;
        await state.WriteStateAsync(cancellationToken);
        LogPrepared(logger, RunId, template.TemplateId, template.Created);
        await Advance(pollBatches: true);
    }

    private async Task Advance(bool pollBatches)
    {
        var batches = state.State.Batches;
        if (pollBatches)
        {
            // Finished batches stay finished; the rest (and batches not heard of yet) report their true counts.
            var polled = await Task.WhenAll(Enumerable.Range(0, batches.Length)
                .Select(async i => batches[i].IsFinished && batches[i].Done + batches[i].Failed > 0 ? batches[i] : await Batch(i).Tick()));
            polled.CopyTo(batches, 0);
        }

        if (!state.State.Cancelled)
        {
            for (var i = 0; i < batches.Length; i++)
            {
                var free = Header.MaxWorkers - batches.Sum(b => b.InFlight);
                if (free <= 0)
                {
                    break;
                }

                if (batches[i].Pending > 0)
                {
                    batches[i] = await Batch(i).Dispatch(free);
                }
            }
        }

        if (batches.All(b => b.IsFinished) && state.State.Status == RunStatus.Running)
        {
            state.State.Status = RunStatus.Consolidating;
            await state.WriteStateAsync();
            await Finish(CancellationToken.None);
        }
    }

    private async Task Finish(CancellationToken cancellationToken)
    {
        var header = Header;
        await stores.ConsolidateAsync(Context(header), cancellationToken);
        var failed = state.State.Batches.Sum(b => b.Failed);
        state.State.Status = state.State.Cancelled ? RunStatus.Cancelled : failed > 0 ? RunStatus.CompletedWithErrors : RunStatus.Completed;
        state.State.FinishedAt = time.GetUtcNow();
        await state.WriteStateAsync(cancellationToken);
        var done = state.State.Batches.Sum(b => b.Done);
        LogFinished(logger, RunId, state.State.Status, done, failed);
        StopTicker();
        await UnregisterWatchdog();
    }

    private async Task Fail(string error)
    {
        state.State.Status = RunStatus.Failed;
        state.State.Error = error;
        state.State.FinishedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        LogFailed(logger, RunId, error);
        StopTicker();
        await UnregisterWatchdog();
    }

    private void StopTicker()
    {
        _ticker?.Dispose();
        _ticker = null;
    }

    private async Task UnregisterWatchdog()
    {
        if (_options.UseWatchdogReminder && await this.GetReminder(WatchdogReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private RunProgress Progress()
    {
        var header = state.State.Header;
        if (header is null)
        {
            return new RunProgress(RunId, RunStatus.Unknown, 0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, null, null);
        }

        var batches = state.State.Batches;
        var (done, failed, inFlight) = (batches.Sum(b => b.Done), batches.Sum(b => b.Failed), batches.Sum(b => b.InFlight));
        var pending = state.State.Cancelled ? 0 : header.SelectedCells - done - failed - inFlight;
        var elapsed = (state.State.FinishedAt ?? time.GetUtcNow()) - (state.State.StartedAt ?? time.GetUtcNow());
        TimeSpan? eta = done + failed > 0 && !IsFinished(state.State.Status)
            ? elapsed / (done + failed) * (pending + inFlight)
            : null;
        return new RunProgress(RunId, state.State.Status, header.SelectedCells, done, failed, inFlight, pending,
            batches.Sum(b => b.CellsWithData), batches.Sum(b => b.TotalObs), elapsed, eta, state.State.Error);
    }

    private RunContext Context(RunHeader header) =>
        new(RunId, header.ConfigYaml, header.Store, header.Driver, header.ParentOrder, header.TotalCatalogCells, state.State.TemplateId ?? "");

    private IRunBatchGrain Batch(int index) => GrainFactory.GetGrain<IRunBatchGrain>(RunKeys.Batch(RunId, index));

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} cancelled")]
    private static partial void LogCancelled(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} tick in status {Status} failed; retrying on the next tick")]
    private static partial void LogTickFailed(ILogger logger, string runId, RunStatus status, Exception exception);
}
