using System.Runtime.CompilerServices;

namespace Magg.Orleans.Client;

/// <summary>
/// The <c>agg()</c> call of magg on an Orleans cluster: validates and plans a run, submits it, reports progress until
/// it finishes and returns the summary. Attach to a cluster with <see cref="MaggCluster"/> (embedded silo by default,
/// or a gateway), or construct it over any <see cref="IClusterClient"/>.
/// </summary>
public sealed class MaggClient(IClusterClient cluster, TimeProvider time)
{
    private ClusterCallRetry? _retry;

    /// <summary>How often progress snapshots are taken while nothing but counts change (a change of status, such as the
    /// end of the run, is seen at once).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long <see cref="RunAsync"/> waits, once the run has finished, for its report to be written into the store (an
    /// embedded silo must not stop before), before it returns without it.
    /// </summary>
    public TimeSpan ReportWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a call keeps being retried while the cluster cannot answer it (a silo or gateway being lost, a grain
    /// moving to another silo) before the failure is thrown.
    /// </summary>
    public TimeSpan UnreachableTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Called with every plan before it is submitted (the embedded silo allows what its own client's runs read and write).</summary>
    internal Action<RunPlan>? BeforeSubmit { get; init; }

    private ClusterCallRetry Retry => _retry ??= new ClusterCallRetry(time, UnreachableTimeout);

    /// <summary>Runs <paramref name="request"/> (or plans it, for a dry run) and returns the result.</summary>
    /// <param name="request">The agg() arguments.</param>
    /// <param name="progress">Receives a snapshot after every poll.</param>
    /// <param name="cancellationToken">Cancels the run: no new cells start, cells in flight finish.</param>
    /// <exception cref="AggRequestException">An argument is missing or wrong.</exception>
    public async Task<AggResult> AggAsync(AggRequest request, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var plan = await RunPlanner.PlanAsync(request, time, cancellationToken).ConfigureAwait(false);
        return request.DryRun ? plan.Preview : await RunAsync(plan, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a planned run to its end and returns its result; cancelling cancels the run.</summary>
    public async Task<RunResult> RunAsync(RunPlan plan, IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        await SubmitAsync(plan).ConfigureAwait(false);
        try
        {
            await foreach (var snapshot in WatchAsync(plan.Header.RunId, cancellationToken).ConfigureAwait(false))
            {
                progress?.Report(snapshot);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelAsync(plan.Header.RunId).ConfigureAwait(false);
            throw;
        }

        await WaitForReportAsync(plan.Header.RunId, ReportWait, cancellationToken).ConfigureAwait(false);
        return new RunResult(await GetSummaryAsync(plan.Header.RunId, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The totals of finished run <paramref name="runId"/> once its report is written (or given up), or after
    /// <paramref name="timeout"/> with the report still being written.
    /// </summary>
    public async Task<RunSummary> WaitForReportAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var totals = await GetTotalsAsync(runId).ConfigureAwait(false);
            if (totals.IsReportSettled || totals.Status is RunStatus.Unknown || time.GetElapsedTime(started) >= timeout)
            {
                return totals;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads the batches of a planned run into the cluster and starts it; returns at once.</summary>
    public async Task<RunProgress> SubmitAsync(RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        BeforeSubmit?.Invoke(plan);
        var context = plan.Context;
        if (plan.EarthdataToken is { } token)
        {
            // Held before the run starts, in the memory of the silo that takes this call (see IRunCredentialsGrain).
            await Call(async () =>
            {
                await cluster.GetGrain<IRunCredentialsGrain>(context.RunId).Hold(token).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }

        await Task.WhenAll(plan.Batches.Select(b => Call(() => LoadAsync(context, b)))).ConfigureAwait(false);
        return await Call(() => cluster.GetGrain<IRunGrain>(context.RunId).Start(plan.Header)).ConfigureAwait(false);
    }

    /// <summary>
    /// Snapshots of run <paramref name="runId"/> until it finishes (the last one is final): one per
    /// <see cref="PollInterval"/>, and one as soon as the status changes, so the end of a run is never waited for.
    /// </summary>
    public async IAsyncEnumerable<RunProgress> WatchAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var run = cluster.GetGrain<IRunGrain>(runId);
        var snapshot = await Call(run.GetProgress, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            yield return snapshot;
            if (snapshot.IsFinished || snapshot.Status == RunStatus.Unknown)
            {
                yield break;
            }

            var asked = time.GetTimestamp();
            var seen = snapshot.Status;
            var next = await Call(() => run.WaitForProgress(seen, PollInterval).WaitAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            var early = PollInterval - time.GetElapsedTime(asked);
            if (next.Status == snapshot.Status && !next.IsFinished && early > TimeSpan.Zero)
            {
                // The grain answered before the interval without news (a silo that resumed it, a zero wait): pace here.
                await Task.Delay(early, time, cancellationToken).ConfigureAwait(false);
            }

            snapshot = next;
        }
    }

    /// <summary>The current progress of run <paramref name="runId"/> (status <see cref="RunStatus.Unknown"/> when there is no such run).</summary>
    public Task<RunProgress> GetStatusAsync(string runId) => Call(cluster.GetGrain<IRunGrain>(runId).GetProgress);

    /// <summary>
    /// The summary of run <paramref name="runId"/> with every per-cell result in memory. For runs of many cells, prefer
    /// <see cref="GetTotalsAsync"/> and <see cref="GetResultsAsync"/>, which stream the results page by page.
    /// </summary>
    public async Task<RunSummary> GetSummaryAsync(string runId, CancellationToken cancellationToken = default)
    {
        var totals = await GetTotalsAsync(runId).ConfigureAwait(false);
        var results = new List<CellMetadata>(totals.TotalCells);
        await foreach (var result in GetResultsAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            results.Add(result);
        }

        return totals with { Results = [.. results] };
    }

    /// <summary>The summary's totals (its <see cref="RunSummary.Results"/> are empty).</summary>
    public Task<RunSummary> GetTotalsAsync(string runId) => Call(cluster.GetGrain<IRunGrain>(runId).GetSummaryTotals);

    /// <summary>Every per-cell result of run <paramref name="runId"/>, in catalog order, fetched one page (batch) at a time.</summary>
    public async IAsyncEnumerable<CellMetadata> GetResultsAsync(string runId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var run = cluster.GetGrain<IRunGrain>(runId);
        var pages = (await Call(run.GetSummaryTotals, cancellationToken).ConfigureAwait(false)).ResultPages;
        for (var page = 0; page < pages; page++)
        {
            var number = page;
            foreach (var result in await Call(() => run.GetResultsPage(number), cancellationToken).ConfigureAwait(false))
            {
                yield return result;
            }
        }
    }

    /// <summary>
    /// Gives run <paramref name="runId"/> its client's Earthdata token again (after the silo holding it was lost, the run
    /// waits in <see cref="RunStatus.NeedsCredentials"/>); the run goes on at once. Returns its progress.
    /// </summary>
    public Task<RunProgress> SupplyCredentialsAsync(string runId, SecretText token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Call(async () =>
        {
            await cluster.GetGrain<IRunCredentialsGrain>(runId).Hold(token).ConfigureAwait(false);
            return await cluster.GetGrain<IRunGrain>(runId).CredentialsRestored().ConfigureAwait(false);
        });
    }

    /// <summary>Page <paramref name="page"/> of run <paramref name="runId"/>'s per-cell results (0 .. <see cref="RunSummary.ResultPages"/> - 1).</summary>
    public Task<CellMetadata[]> GetResultsPageAsync(string runId, int page) => Call(() => cluster.GetGrain<IRunGrain>(runId).GetResultsPage(page));

    /// <summary>Run <paramref name="runId"/>'s report page (or, with <paramref name="json"/>, its JSON) as written in its store; null when there is none yet.</summary>
    public Task<byte[]?> ReadReportAsync(string runId, bool json = false) => Call(() => cluster.GetGrain<IRunReportGrain>(runId).Read(json));

    /// <summary>A quicklook map (PNG) of run <paramref name="runId"/>'s store, drawn by a silo.</summary>
    /// <exception cref="ArgumentException">No such variable or a bad size; the message says what there is.</exception>
    public Task<byte[]> RenderMapAsync(string runId, string? variable = null, int width = 900, int height = 720) =>
        Call(() => cluster.GetGrain<IRunReportGrain>(runId).RenderMap(variable, width, height));

    /// <summary>Stops dispatching new cells of run <paramref name="runId"/>.</summary>
    public Task CancelAsync(string runId) => Call(async () =>
    {
        await cluster.GetGrain<IRunGrain>(runId).Cancel().ConfigureAwait(false);
        return true;
    });

    private async Task<bool> LoadAsync(RunContext context, BatchPlan batch)
    {
        await cluster.GetGrain<IRunBatchGrain>(RunKeys.Batch(context.RunId, batch.BatchIndex)).Load(context, batch).ConfigureAwait(false);
        return true;
    }

    private Task<T> Call<T>(Func<Task<T>> call, CancellationToken cancellationToken = default) => Retry.ExecuteAsync(call, cancellationToken);
}
