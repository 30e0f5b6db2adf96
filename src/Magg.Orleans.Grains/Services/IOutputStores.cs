using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Grains.Services;

/// <summary>The output Zarr stores as the grains use them, addressed by a run's context (store, config, catalog).</summary>
public interface IOutputStores
{
    /// <summary>The run's store, writing the layout of its context (config, catalog cells, compression).</summary>
    /// <exception cref="Core.Config.ConfigException">The context's config is invalid.</exception>
    ZarrDggsStore Open(RunContext run);

    /// <summary>
    /// Under the store's lock: creates the store template, or checks that an existing one is compatible (or recreates
    /// it on overwrite, refused while another run writes into the store); then registers the run in the store.
    /// </summary>
    /// <exception cref="StoreConflictException">The existing template conflicts with the run; the message says how.</exception>
    /// <exception cref="Storage.Objects.StoreBusyException">The store is locked, or (overwrite) another run writes into it.</exception>
    Task<StoreTemplate> PrepareAsync(RunContext run, bool overwrite, CancellationToken cancellationToken);

    /// <summary>The object store under <paramref name="spec"/> (for what a run writes beside the Zarr data: its report).</summary>
    Storage.Objects.IObjectStore ObjectStore(StoreSpec spec);

    /// <summary>Renews the run's registration in its store.</summary>
    Task RenewAsync(RunContext run, CancellationToken cancellationToken);

    /// <summary>Under the store's lock: writes consolidated metadata (when <paramref name="consolidate"/>) and removes the run's registration.</summary>
    Task FinishAsync(RunContext run, bool consolidate, CancellationToken cancellationToken);
}

/// <summary>A prepared store template: its id (recorded in the store) and whether it was just created.</summary>
public sealed record StoreTemplate(string TemplateId, bool Created);
