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
    /// Starts the run once its batches are loaded. Calling it again with the same header is harmless; a different
    /// header for a run that is not finished is refused.
    /// </summary>
    [Alias("Start")]
    Task<RunProgress> Start(RunHeader header);

    /// <summary>The current snapshot.</summary>
    [Alias("GetProgress"), AlwaysInterleave]
    Task<RunProgress> GetProgress();

    /// <summary>The summary with per-cell results (complete once the run is finished).</summary>
    [Alias("GetSummary")]
    Task<RunSummary> GetSummary();

    /// <summary>Stops dispatching new cells; cells in flight finish.</summary>
    [Alias("Cancel")]
    Task Cancel();

    /// <summary>A batch's counts changed (a cell finished).</summary>
    [OneWay, Alias("OnBatchChanged")]
    Task OnBatchChanged(int batchIndex, BatchStats stats);
}
