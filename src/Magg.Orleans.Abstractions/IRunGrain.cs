using Orleans.Concurrency;

namespace Magg.Orleans;

/// <summary>
/// One run (key: run id). Prepares the store template, grants its batches permits so that at most
/// <see cref="RunHeader.MaxWorkers"/> cells are in flight, tracks progress, consolidates the store at the end,
/// and resumes after a silo loss.
/// </summary>
[Alias("Magg.Orleans.IRunGrain")]
public interface IRunGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the run once its batches are loaded. Calling it again with the same header is harmless (a reattach); a
    /// different header for a run that is not finished is refused.
    /// </summary>
    [Alias("Start")]
    Task<RunProgress> Start(RunHeader header);

    /// <summary>The current snapshot.</summary>
    [Alias("GetProgress"), AlwaysInterleave]
    Task<RunProgress> GetProgress();

    /// <summary>
    /// The snapshot as soon as the run's status differs from <paramref name="seen"/>, or after <paramref name="maxWait"/>
    /// (at most 20 s) when it does not change: a watcher sees the end of a run at once, not at its next poll.
    /// </summary>
    [Alias("WaitForProgress"), AlwaysInterleave]
    Task<RunProgress> WaitForProgress(RunStatus seen, TimeSpan maxWait);

    /// <summary>The run as started (no credentials: a run never holds any), or null for an unknown run.</summary>
    [Alias("GetHeader"), AlwaysInterleave]
    Task<RunHeader?> GetHeader();

    /// <summary>The summary's totals (its <see cref="RunSummary.Results"/> are empty; read them page by page).</summary>
    [Alias("GetSummaryTotals")]
    Task<RunSummary> GetSummaryTotals();

    /// <summary>Page <paramref name="page"/> (0 .. <see cref="RunSummary.ResultPages"/> - 1) of the per-cell results, in catalog order.</summary>
    [Alias("GetResultsPage")]
    Task<CellMetadata[]> GetResultsPage(int page);

    /// <summary>Stops dispatching new cells and lease re-dispatches; cells in flight may finish. The run ends
    /// <see cref="RunStatus.Cancelled"/> within seconds.</summary>
    [Alias("Cancel")]
    Task Cancel();

    /// <summary>
    /// The run's client supplied its credentials again (<see cref="IRunCredentialsGrain.Hold"/>): a run waiting in
    /// <see cref="RunStatus.NeedsCredentials"/> goes on at once. Harmless for any other run.
    /// </summary>
    [Alias("CredentialsRestored")]
    Task<RunProgress> CredentialsRestored();

    /// <summary>The run's report was written to <paramref name="html"/> and <paramref name="json"/>, or could not be (<paramref name="problem"/>).</summary>
    [OneWay, Alias("OnReportWritten")]
    Task OnReportWritten(string? html, string? json, string? problem);

    /// <summary>A batch's counts changed (a cell finished).</summary>
    [OneWay, Alias("OnBatchChanged")]
    Task OnBatchChanged(int batchIndex, BatchStats stats);
}
