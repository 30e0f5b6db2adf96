using Magg.Orleans.Storage.Cells;
using Magg.Orleans.Storage.Lambda;
using Magg.Orleans.Storage.Zarr;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Grains.Lambda;

/// <summary>
/// Hands a cell's work to the run's Lambda function: first the store's stamp is checked (an up-to-date cell invokes
/// nothing, in any process), then the cell event — config, granules, store, fingerprint, template, never a credential —
/// is sent with <see cref="LambdaInvoker"/>, and the function's answer (the outcome its <c>CellWorker</c> recorded after
/// writing the chunks) or the invocation's failure is returned with what Lambda billed.
/// </summary>
public sealed partial class LambdaCells(LambdaInvoker invoker, ILogger<LambdaCells> logger)
{
    /// <summary>Runs <paramref name="job"/> of <paramref name="context"/>'s run on its function, unless <paramref name="store"/> says it is done.</summary>
    /// <exception cref="LambdaPayloadTooLargeException">The cell's event is too large to send.</exception>
    /// <exception cref="HttpRequestException">Lambda could not be reached.</exception>
    public async Task<LambdaCellResult> RunAsync(CellJob job, RunContext context, ZarrDggsStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Lambda ?? throw new ArgumentException($"Run {context.RunId} has the lambda backend but names no function.", nameof(context));
        if (await CellWorker.CheckStampAsync(job, store, cancellationToken).ConfigureAwait(false) is { } upToDate)
        {
            return new LambdaCellResult(upToDate, false, false, null);
        }

        var cellEvent = new CellEvent(CellEvent.CurrentVersion, job.RunId, job.ParentMorton, job.ChunkIndex, job.Granules, context.ConfigYaml,
            new CellEventStore(context.Store.NormalizedLocation, context.Store.Region, context.Store.Compression, context.ParentOrder, context.TotalCatalogCells,
                context.CatalogDigest), job.Fingerprint, job.TemplateId);
        var invocation = await invoker.InvokeAsync(target.FunctionName, target.Region, cellEvent.Serialize(), cancellationToken).ConfigureAwait(false);
        var usage = invocation.Report is { } report
            ? new LambdaUsage(1, report.GbSeconds, report.BilledDurationMs, report.MaxMemoryUsedMb, report.MemorySizeMb)
            : invocation.Kind is LambdaInvocationKind.Answered or LambdaInvocationKind.FunctionError ? new LambdaUsage(1, 0, 0, 0, 0) : null;
        var granules = job.Granules.Distinct(StringComparer.Ordinal).Count();
        switch (invocation.Kind)
        {
            case LambdaInvocationKind.Answered:
                try
                {
                    return new LambdaCellResult(CellEventResponse.Parse(invocation.Payload).ToResult(), false, false, usage);
                }
                catch (CellEventException e)
                {
                    LogFailed(logger, job.ParentMorton, job.RunId, invocation.Kind, e.Message);
                    return Failed(job, granules, $"Lambda function {target.FunctionName} answered something else than a cell response ({e.Message}); is it magg-orleans' bootstrap?",
                        retryable: false, throttled: false, functionError: false, usage);
                }

            case LambdaInvocationKind.FunctionError:
                LogFailed(logger, job.ParentMorton, job.RunId, invocation.Kind, invocation.Message);
                return Failed(job, granules, invocation.Message, retryable: true, throttled: false, functionError: true, usage);
            case LambdaInvocationKind.Throttled:
                LogThrottled(logger, job.ParentMorton, job.RunId, invocation.StatusCode, invocation.ErrorType ?? "");
                return Failed(job, granules, invocation.Message, retryable: true, throttled: true, functionError: false, usage);
            default:
                LogFailed(logger, job.ParentMorton, job.RunId, invocation.Kind, invocation.Message);
                return Failed(job, granules, invocation.Message, retryable: false, throttled: false, functionError: false, usage);
        }
    }

    private static LambdaCellResult Failed(CellJob job, int granules, string error, bool retryable, bool throttled, bool functionError, LambdaUsage? usage) =>
        new(new CellJobResult(CellJobStatus.Failed, CellRecord.Failed(job.ParentMorton, granules, error), retryable, false), throttled, functionError, usage);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Cell {ParentMorton} of run {RunId}: Lambda throttled the invocation ({StatusCode} {ErrorType})")]
    private static partial void LogThrottled(ILogger logger, long parentMorton, string runId, int statusCode, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cell {ParentMorton} of run {RunId}: invocation {Kind}: {Message}")]
    private static partial void LogFailed(ILogger logger, long parentMorton, string runId, LambdaInvocationKind kind, string message);
}
