using Magg.Orleans.Core.Aggregation;

namespace Magg.Orleans.Grains.Services;

/// <summary>The output Zarr stores as the grains use them, addressed by a run's context (store, config, catalog size).</summary>
public interface IOutputStores
{
    /// <summary>Creates the store template, or checks that an existing one is compatible (or recreates it on overwrite).</summary>
    /// <exception cref="InvalidOperationException">The existing template conflicts with the run; the message says how.</exception>
    Task<StoreTemplate> PrepareAsync(RunContext run, bool overwrite, CancellationToken cancellationToken);

    /// <summary>Writes the <c>cell_ids</c> and <c>morton</c> chunks of catalog cells starting at <paramref name="firstChunkIndex"/>.</summary>
    Task WriteCoordinatesAsync(RunContext run, int firstChunkIndex, long[] parentMortons, CancellationToken cancellationToken);

    /// <summary>Writes every array's chunk <paramref name="chunkIndex"/> from a cell's child table.</summary>
    Task WriteChunkAsync(RunContext run, int chunkIndex, ChildTable table, CancellationToken cancellationToken);

    /// <summary>True when chunk <paramref name="chunkIndex"/> of the variables is in the store.</summary>
    Task<bool> HasChunkAsync(RunContext run, int chunkIndex, CancellationToken cancellationToken);

    /// <summary>Writes consolidated metadata into the root <c>zarr.json</c>.</summary>
    Task ConsolidateAsync(RunContext run, CancellationToken cancellationToken);
}

/// <summary>A prepared store template: its id (recorded in the store) and whether it was just created.</summary>
public sealed record StoreTemplate(string TemplateId, bool Created);
