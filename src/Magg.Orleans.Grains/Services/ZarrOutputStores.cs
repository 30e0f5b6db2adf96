using System.Collections.Concurrent;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Grains.Hosting;
using Microsoft.Extensions.Options;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Grains.Services;

/// <summary>
/// The output stores as Zarr v3 DGGS stores on local folders or S3, one object-store client per location. An S3 store
/// that names no endpoint or region takes the silo's (<see cref="OutputStoreOptions"/>).
/// </summary>
public sealed class ZarrOutputStores(PipelineCache pipelines, IOptions<OutputStoreOptions> options) : IOutputStores, IDisposable
{
    private readonly ConcurrentDictionary<StoreSpec, Lazy<IObjectStore>> _objectStores = new();

    /// <inheritdoc />
    public async Task<StoreTemplate> PrepareAsync(RunContext run, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            var status = await Open(run).PrepareAsync(overwrite, cancellationToken);
            return new StoreTemplate(status.TemplateId, status.Created);
        }
        catch (StoreConflictException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    /// <inheritdoc />
    public Task WriteCoordinatesAsync(RunContext run, int firstChunkIndex, long[] parentMortons, CancellationToken cancellationToken) =>
        Open(run).WriteCoordinatesAsync(firstChunkIndex, parentMortons, cancellationToken);

    /// <inheritdoc />
    public Task WriteChunkAsync(RunContext run, int chunkIndex, ChildTable table, CancellationToken cancellationToken) =>
        Open(run).WriteChunkAsync(chunkIndex, table, cancellationToken);

    /// <inheritdoc />
    public Task<bool> HasChunkAsync(RunContext run, int chunkIndex, CancellationToken cancellationToken) =>
        Open(run).HasChunkAsync(chunkIndex, cancellationToken);

    /// <inheritdoc />
    public Task ConsolidateAsync(RunContext run, CancellationToken cancellationToken) => Open(run).ConsolidateAsync(cancellationToken);

    /// <summary>Releases the object-store clients (S3 connections).</summary>
    public void Dispose()
    {
        foreach (var store in _objectStores.Values.Where(s => s.IsValueCreated))
        {
            store.Value.Dispose();
        }

        _objectStores.Clear();
    }

    private ZarrDggsStore Open(RunContext run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var config = pipelines.Get(run.ConfigYaml).Pipeline.Config;
        var layout = new DggsLayout(config, run.ParentOrder, run.TotalCatalogCells, Compression(run.Store.Compression));
        return new ZarrDggsStore(ObjectStore(run.Store), layout);
    }

    private IObjectStore ObjectStore(StoreSpec spec) => _objectStores.GetOrAdd(spec, s => new Lazy<IObjectStore>(() =>
        ObjectStoreFactory.Open(s.Location, S3Options(s, options.Value)))).Value;

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
