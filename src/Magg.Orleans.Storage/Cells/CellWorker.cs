using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Storage.Zarr;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Storage.Cells;

/// <summary>
/// Produces one cell's output in a store, the same way wherever it runs (a cell grain, a tool, a Lambda function):
/// trusts a completion stamp whose fingerprint matches (once its chunks are seen), else reads and aggregates the
/// granules, checks the store's template, removes the old stamp, writes the chunks, then writes the new stamp.
/// </summary>
/// <remarks>
/// Ordering is what keeps the store honest after a crash at any point: the stamp goes before the first chunk write of a
/// rewrite (so half-rewritten chunks are never vouched for) and comes back only after the last one.
/// </remarks>
public sealed partial class CellWorker(CellProcessor processor, TimeProvider time, ILogger<CellWorker> logger)
{
    /// <summary>Runs <paramref name="job"/> against <paramref name="store"/> with the compiled config <paramref name="pipeline"/>.</summary>
    /// <exception cref="StoreConflictException">The store's template is not the one the run prepared.</exception>
    /// <remarks>Other store errors propagate: the caller decides whether to retry.</remarks>
    public Task<CellJobResult> RunAsync(CellJob job, ZarrDggsStore store, CompiledPipeline pipeline, CancellationToken cancellationToken = default) =>
        RunAsync(job, store, pipeline, null, cancellationToken);

    /// <summary>Runs <paramref name="job"/>, reading its granules with <paramref name="granules"/> (null: the processor's own source).</summary>
    /// <exception cref="StoreConflictException">The store's template is not the one the run prepared.</exception>
    public async Task<CellJobResult> RunAsync(CellJob job, ZarrDggsStore store, CompiledPipeline pipeline, IGranuleSource? granules,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(pipeline);
        var stamp = await store.ReadStampAsync(job.ChunkIndex, cancellationToken).ConfigureAwait(false);
        if (stamp is not null && stamp.Fingerprint == job.Fingerprint && await IsStoredAsync(store, stamp, cancellationToken).ConfigureAwait(false))
        {
            LogTrustedStamp(logger, job.ParentMorton, stamp.RunId);
            return new CellJobResult(CellJobStatus.UpToDate, stamp.Outcome, false, true);
        }

        ChildTable? table = null;
        CellRecord record;
        if (job.Granules.Count == 0)
        {
            // Nothing to read: the cell still gets its coordinates (every catalog cell is one chunk), and no values.
            record = new CellRecord(job.ParentMorton, 0, 0, 0, 0, 0, CellOutcome.NoGranulesFound, 0, 0, []);
        }
        else
        {
            var addresses = job.Granules.Select(g => new Uri(g, UriKind.Absolute)).ToArray();
            var result = granules is null
                ? await processor.ProcessAsync(job.ParentMorton, addresses, pipeline, cancellationToken).ConfigureAwait(false)
                : await processor.ProcessAsync(job.ParentMorton, addresses, pipeline, granules, cancellationToken).ConfigureAwait(false);
            var outcome = result.Outcome;
            record = CellRecord.From(outcome, job.Granules);
            if (outcome.Failures.FirstOrDefault(f => f.Group is null && IsRetryable(f.Kind)) is { } transient)
            {
                // Never write a chunk that is missing a granule we may still be able to read.
                var error = $"{outcome.GranulesFailed} granule(s) could not be read for now ({transient.Kind}): {transient.Reason}";
                return new CellJobResult(CellJobStatus.Failed, record with { Error = CellRecord.Bound(error) }, true, false);
            }

            if (result.Table is null && !outcome.IsEmpty)
            {
                return new CellJobResult(CellJobStatus.Failed, record, false, false);
            }

            table = result.Table;
        }

        var current = await store.ReadTemplateIdAsync(cancellationToken).ConfigureAwait(false);
        if (current != job.TemplateId)
        {
            throw new StoreConflictException(
                $"The Zarr store {store.Location} holds template {current ?? "(none)"}, not {job.TemplateId} that this run prepared (it was recreated or removed meanwhile); cell {job.ParentMorton} was not written.");
        }

        if (stamp is not null)
        {
            await store.DeleteStampAsync(job.ChunkIndex, cancellationToken).ConfigureAwait(false);
        }

        var status = table is null ? CellJobStatus.Empty : CellJobStatus.Written;
        if (table is not null)
        {
            await store.WriteChunkAsync(job.ChunkIndex, table, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await store.WriteCoordinatesAsync(job.ChunkIndex, [job.ParentMorton], cancellationToken).ConfigureAwait(false);
            if (stamp is not { Status: CellJobStatus.Empty })
            {
                await store.DeleteChunkAsync(job.ChunkIndex, coordinates: false, cancellationToken).ConfigureAwait(false);
            }
        }

        await store.WriteStampAsync(new CellStamp(job.Fingerprint, status, record, job.RunId, time.GetUtcNow(), job.TemplateId, job.ChunkIndex),
            cancellationToken).ConfigureAwait(false);
        return new CellJobResult(status, record, false, true);
    }

    /// <summary>
    /// The recorded outcome when the store's stamp for <paramref name="job"/>'s chunk has its fingerprint and its chunks are
    /// there (what <see cref="RunAsync(CellJob, ZarrDggsStore, CompiledPipeline, CancellationToken)"/> would answer without reading a granule); null when the cell has work to do. Lets a
    /// caller that hands the work elsewhere (a Lambda function) find out first, without invoking anything.
    /// </summary>
    public static async Task<CellJobResult?> CheckStampAsync(CellJob job, ZarrDggsStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(store);
        var stamp = await store.ReadStampAsync(job.ChunkIndex, cancellationToken).ConfigureAwait(false);
        return stamp is not null && stamp.Fingerprint == job.Fingerprint && await IsStoredAsync(store, stamp, cancellationToken).ConfigureAwait(false)
            ? new CellJobResult(CellJobStatus.UpToDate, stamp.Outcome, false, true)
            : null;
    }

    /// <summary>True when the chunks a stamp vouches for are in the store.</summary>
    public static Task<bool> IsStoredAsync(ZarrDggsStore store, CellStamp stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(stamp);
        return stamp.Status == CellJobStatus.Empty
            ? store.HasCoordinatesAsync(stamp.ChunkIndex, cancellationToken)
            : store.HasChunkAsync(stamp.ChunkIndex, cancellationToken);
    }

    /// <summary>Granule failures that a later attempt may not hit (the others are reported and the cell goes on without the granule).</summary>
    public static bool IsRetryable(GranuleErrorKind kind) => kind is GranuleErrorKind.Transient or GranuleErrorKind.CredentialsExpired;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cell {ParentMorton}: the store's stamp (run {RunId}) matches its inputs; nothing read")]
    private static partial void LogTrustedStamp(ILogger logger, long parentMorton, string runId);
}
