using Orleans.Concurrency;

namespace Magg.Orleans;

/// <summary>
/// One chunk of one store (key: <see cref="CellKey"/>). Aggregates its granules and writes the chunk, then records
/// the fingerprint of its inputs (config, sorted granules, store and template, orders); the same inputs again are
/// answered from the record without reading anything.
/// </summary>
[Alias("Magg.Orleans.ICellGrain")]
public interface ICellGrain : IGrainWithStringKey
{
    /// <summary>Processes <paramref name="work"/> and reports to <paramref name="batch"/>; returns at once, so long
    /// work never rides on a call that could time out.</summary>
    [OneWay, Alias("Dispatch")]
    Task Dispatch(CellWork work, IRunBatchGrain batch);

    /// <summary>Processes <paramref name="work"/> and returns when the chunk is durable (for short cells and tools).</summary>
    [Alias("Process")]
    Task<CellReport> Process(CellWork work);
}
