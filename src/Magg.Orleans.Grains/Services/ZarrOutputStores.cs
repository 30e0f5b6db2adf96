using System.Runtime.CompilerServices;
using Magg.Orleans.Core.Caching;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Services;

/// <summary>
/// The output stores as Zarr v3 DGGS stores on local folders or S3, one object-store client per store (keyed by its
/// canonical location and endpoint), at most <see cref="OutputStoreOptions.MaxClients"/> of them kept: the least recently
/// used is let go, and disposed once no operation uses it (<see cref="LeasedObjectStore{TKey}"/>). An S3 store that names
/// no endpoint or region takes the silo's (<see cref="OutputStoreOptions"/>). A store that fails to open is not
/// remembered: the next use tries again.
/// </summary>
public sealed class ZarrOutputStores(PipelineCache pipelines, IOptions<OutputStoreOptions> options, IOptions<RunOptions> runOptions, TimeProvider time)
    : IOutputStores, IDisposable
{
    private readonly LeasedCache<StoreSpec, IObjectStore> _objectStores = new(options.Value.MaxClients);

    // The cells of a batch share one context instance: its store (layout and all) is built once, not per cell.
    private readonly ConditionalWeakTable<RunContext, ZarrDggsStore> _byContext = [];
    private readonly StoreLeaseOptions _lease = new(
        new StoreLockOptions(runOptions.Value.StoreLockWait, runOptions.Value.StoreLockTtl, TimeSpan.FromMilliseconds(100)), runOptions.Value.StoreRunTtl);

    /// <inheritdoc />
    public ZarrDggsStore Open(RunContext run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return _byContext.GetValue(run, Create);
    }

    private ZarrDggsStore Create(RunContext run)
    {
        var config = pipelines.Get(run.ConfigYaml).Pipeline.Config;
        var layout = new DggsLayout(config, run.ParentOrder, run.TotalCatalogCells, Compression(run.Store.Compression), run.CatalogDigest);
        return new ZarrDggsStore(ObjectStore(run.Store), layout, _lease, time);
    }

    /// <inheritdoc />
    public async Task<StoreTemplate> PrepareAsync(RunContext run, bool overwrite, CancellationToken cancellationToken)
    {
        var status = await Open(run).PrepareForRunAsync(run.RunId, overwrite, cancellationToken).ConfigureAwait(false);
        return new StoreTemplate(status.TemplateId, status.Created);
    }

    /// <inheritdoc />
    public Task RenewAsync(RunContext run, CancellationToken cancellationToken) => Open(run).RenewRunAsync(run.RunId, cancellationToken);

    /// <inheritdoc />
    public Task FinishAsync(RunContext run, bool consolidate, CancellationToken cancellationToken) =>
        Open(run).FinishRunAsync(run.RunId, consolidate, cancellationToken);

    /// <summary>Object-store clients kept now.</summary>
    public int ClientCount => _objectStores.Count;

    /// <summary>Releases the object-store clients (S3 connections), each once no operation uses it.</summary>
    public void Dispose() => _objectStores.Dispose();

    /// <inheritdoc />
    public IObjectStore ObjectStore(StoreSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var key = spec with
        {
            Location = spec.NormalizedLocation,
            ServiceUrl = spec.ServiceUrl is { Length: > 0 } url ? StoreLocations.CanonicalEndpoint(url) : null,
            Compression = "",
        };
        Func<StoreSpec, IObjectStore> open = s => ObjectStoreFactory.Open(s.Location, S3Options(s, options.Value));
        // Opened now, so a store that cannot be opened fails here rather than at its first write.
        using var client = _objectStores.Rent(key, open);
        return new LeasedObjectStore<StoreSpec>(_objectStores, key, open, client.Value.Location);
    }

    private static S3StoreOptions S3Options(StoreSpec spec, OutputStoreOptions silo) => spec.ServiceUrl is null
        ? new S3StoreOptions(spec.Region ?? silo.Region, silo.S3ServiceUrl, silo.S3ForcePathStyle)
        : new S3StoreOptions(spec.Region ?? silo.Region, spec.ServiceUrl, spec.ForcePathStyle);

    private static ChunkCompression Compression(string name) => name switch
    {
        "zstd" => ChunkCompression.Zstd,
        "gzip" => ChunkCompression.Gzip,
        _ => ChunkCompression.None,
    };
}
