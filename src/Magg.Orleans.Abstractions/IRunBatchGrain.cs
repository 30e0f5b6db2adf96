using Orleans.Concurrency;

namespace Magg.Orleans;

/// <summary>
/// A slice of a run (key: <c>{runId}/{batchIndex}</c>): owns its cells' plan and states, dispatches them to cell
/// grains within the permits its run grants (a permit freed by a finished cell goes to the batch's next due cell),
/// retries transient failures with backoff, and re-dispatches cells whose lease expired (safe: cells are idempotent).
/// </summary>
[Alias("Magg.Orleans.IRunBatchGrain")]
public interface IRunBatchGrain : IGrainWithStringKey
{
    /// <summary>Stores the batch's plan. Loading the same plan again is harmless.</summary>
    [Alias("Load")]
    Task Load(RunContext context, BatchPlan plan);

    /// <summary>Makes the batch ready to dispatch into store template <paramref name="templateId"/> and returns its counts.</summary>
    [Alias("BeginTemplate")]
    Task<BatchStats> Begin(string templateId);

    /// <summary>Dispatches up to <paramref name="permits"/> due cells and returns the counts.</summary>
    [Alias("Dispatch")]
    Task<BatchStats> Dispatch(int permits);

    /// <summary>Re-dispatches cells whose lease expired (or, once cancelled, returns them to pending), saves the
    /// batch's state and returns the counts.</summary>
    [Alias("Tick")]
    Task<BatchStats> Tick();

    /// <summary>A cell finished an attempt.</summary>
    [OneWay, Alias("OnCellCompleted")]
    Task OnCellCompleted(CellReport report);

    /// <summary>A cell is still working on <paramref name="attempt"/>: its lease starts again (unless the batch is cancelled).</summary>
    [OneWay, Alias("OnCellAlive")]
    Task OnCellAlive(int chunkIndex, int attempt);

    /// <summary>The metadata of every cell of the batch, in catalog order.</summary>
    [Alias("GetResults")]
    Task<CellMetadata[]> GetResults();

    /// <summary>Every cell of the batch as the run's report shows it, in catalog order.</summary>
    [Alias("GetReportRows")]
    Task<CellReportRow[]> GetReportRows();

    /// <summary>Stops dispatching; pending cells stay pending, and cells whose lease expires are not dispatched again.</summary>
    [Alias("Cancel")]
    Task Cancel();
}
