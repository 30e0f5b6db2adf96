using Orleans.Concurrency;

namespace Magg.Orleans;

/// <summary>
/// A slice of a run (key: <c>{runId}/{batchIndex}</c>): owns its cells' plan and states, dispatches them to cell
/// grains when its run grants permits, retries transient failures with backoff, and re-dispatches cells whose lease
/// expired (safe: cells are idempotent).
/// </summary>
[Alias("Magg.Orleans.IRunBatchGrain")]
public interface IRunBatchGrain : IGrainWithStringKey
{
    /// <summary>Stores the batch's plan. Loading the same plan again is harmless.</summary>
    [Alias("Load")]
    Task Load(RunContext context, BatchPlan plan);

    /// <summary>
    /// Makes the batch ready to dispatch into store template <paramref name="templateId"/>; for a new template it first
    /// writes the coordinate chunks of every catalog cell of its range.
    /// </summary>
    [Alias("Begin")]
    Task Begin(string templateId, bool writeCoordinates);

    /// <summary>Dispatches up to <paramref name="permits"/> due cells and returns the counts.</summary>
    [Alias("Dispatch")]
    Task<BatchStats> Dispatch(int permits);

    /// <summary>Re-dispatches cells whose lease expired and returns the counts.</summary>
    [Alias("Tick")]
    Task<BatchStats> Tick();

    /// <summary>A cell finished an attempt.</summary>
    [OneWay, Alias("OnCellCompleted")]
    Task OnCellCompleted(CellReport report);

    /// <summary>The metadata of every cell of the batch, in catalog order.</summary>
    [Alias("GetResults")]
    Task<CellMetadata[]> GetResults();

    /// <summary>Stops dispatching; pending cells stay pending.</summary>
    [Alias("Cancel")]
    Task Cancel();
}
