using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Magg.Orleans.Core.Caching;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.Storage.Lambda;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Lambda.Cells;

/// <summary>
/// Serves one cell event: checks it was meant for this build (the fingerprint and template id the silo computed are
/// computed again), opens the store, and runs <see cref="CellWorker"/> — stamp check, read, aggregate, template check,
/// chunks, stamp — exactly as a silo does. Every failure of the cell's work is an answer (with whether retrying may
/// help); only an event that is not a cell event, or one naming a store <paramref name="policy"/> refuses, is thrown. Its
/// granules are judged by the same policy when they are opened (the worker's drivers sit behind it), so an event sent
/// straight to the function reads no more than a silo would let a run read.
/// </summary>
internal sealed partial class CellFunction(FunctionSettings settings, AccessPolicy policy, CellWorker worker, TimeProvider time, ILogger<CellFunction> logger)
{
    private readonly LruCache<string, CompiledConfig> _configs = new(8, 8L * 1024 * 1024);
    private readonly LruCache<string, IObjectStore> _stores = new(16, 16, store => store.Dispose());
    private readonly InputLimits _limits = new();

    /// <summary>Runs the cell of <paramref name="body"/> and returns the response JSON.</summary>
    /// <exception cref="CellEventException">The body is not a cell event of this version.</exception>
    /// <exception cref="StoreRefusedException">The event's store is not one the function may write.</exception>
    public async Task<byte[]> HandleAsync(byte[] body, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var cell = CellEvent.Parse(body);
        if (policy.CheckStore(cell.Store.Location, serviceUrl: null) is { } refusal)
        {
            throw new StoreRefusedException($"store {Redact(cell.Store.Location)}: refused by the function's access policy (MAGG_ALLOW_STORES): {refusal}");
        }

        CellJobResult result;
        try
        {
            result = await RunAsync(cell, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var retryable = CellFailures.IsRetryable(e);
            LogCellError(logger, cell.ParentMorton, cell.RunId, retryable, e);
            result = new CellJobResult(CellJobStatus.Failed, CellRecord.Failed(cell.ParentMorton, cell.Granules.Distinct(StringComparer.Ordinal).Count(),
                $"{e.GetType().Name}: {e.Message}"), retryable, false);
        }

        var seconds = time.GetElapsedTime(started).TotalSeconds;
        LogCell(logger, cell.ParentMorton, cell.ChunkIndex, cell.RunId, result.Status, result.Record.TotalObs, seconds);
        using var process = Process.GetCurrentProcess();
        return CellEventResponse.From(result, seconds, process.PeakWorkingSet64 / (1024.0 * 1024.0)).Serialize();
    }

    private async Task<CellJobResult> RunAsync(CellEvent cell, CancellationToken cancellationToken)
    {
        var store = cell.Store;
        var config = Compile(cell.ConfigYaml);
        var layout = new DggsLayout(config.Pipeline.Config, store.ParentOrder, store.TotalCells, Compression(store.Compression), store.CatalogDigest);
        var fingerprint = CellFingerprint.Compute(config.Fingerprint, store.Location, store.Compression, cell.TemplateId, cell.ParentMorton, cell.ChunkIndex,
            store.TotalCells, store.ParentOrder, config.Pipeline.Config.ChildOrder, cell.Granules);
        if (fingerprint != cell.Fingerprint || layout.TemplateId != cell.TemplateId)
        {
            throw new StoreConflictException(
                $"this function computes {(fingerprint != cell.Fingerprint ? $"fingerprint {fingerprint[..12]} where the silo sent {Short(cell.Fingerprint)}" : $"template {layout.TemplateId} where the silo sent {cell.TemplateId}")}: the function and the silos are different builds of magg-orleans; deploy the function of the silos' build");
        }

        var zarr = new ZarrDggsStore(ObjectStore(store.Location, store.Region ?? settings.Region), layout, timeProvider: time);
        var job = new CellJob(cell.RunId, cell.ChunkIndex, cell.ParentMorton, cell.Granules, cell.Fingerprint, cell.TemplateId);
        return await worker.RunAsync(job, zarr, config.Pipeline, cancellationToken).ConfigureAwait(false);
    }

    private CompiledConfig Compile(string yaml)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
        if (_configs.TryGet(key, out var cached))
        {
            return cached;
        }

        var config = PipelineConfigLoader.Parse(yaml, "event config_yaml", _limits);
        var compiled = new CompiledConfig(new CompiledPipeline(config), ConfigFingerprint.Compute(config));
        _configs.Set(key, compiled, 2L * yaml.Length + 64 * 1024);
        return compiled;
    }

    private IObjectStore ObjectStore(string location, string region)
    {
        var key = $"{region}\n{location}";
        if (_stores.TryGet(key, out var store))
        {
            return store;
        }

        store = ObjectStoreFactory.Open(location, new S3StoreOptions(region, settings.S3ServiceUrl, settings.S3ServiceUrl is not null));
        _stores.Set(key, store, 1);
        return store;
    }

    private static ChunkCompression Compression(string name) => name switch
    {
        "none" => ChunkCompression.None,
        "zstd" => ChunkCompression.Zstd,
        "gzip" => ChunkCompression.Gzip,
        _ => throw new ArgumentException($"unknown compression '{name}'; the function writes none, zstd or gzip"),
    };

    private static string Redact(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var url) && !url.IsFile ? GranuleNames.Display(url) : location.Split('?')[0];

    private static string Short(string fingerprint) => fingerprint.Length > 12 ? fingerprint[..12] : fingerprint;

    [LoggerMessage(Level = LogLevel.Information, Message = "Cell {ParentMorton} (chunk {ChunkIndex}) of run {RunId}: {Status}, {Observations} observations in {Seconds:F2} s")]
    private static partial void LogCell(ILogger logger, long parentMorton, int chunkIndex, string runId, CellJobStatus status, long observations, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cell {ParentMorton} of run {RunId} failed (retryable: {Retryable})")]
    private static partial void LogCellError(ILogger logger, long parentMorton, string runId, bool retryable, Exception exception);
}
