namespace Magg.Orleans;

/// <summary>The final summary of a run (magg's fields, plus status and failure counts).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Status">How it ended.</param>
/// <param name="TotalCells">Cells in the run.</param>
/// <param name="CellsWithData">Cells that wrote a chunk with data.</param>
/// <param name="CellsError">Cells that failed.</param>
/// <param name="TotalObs">Observations aggregated.</param>
/// <param name="WallTimeSeconds">Wall time of the run.</param>
/// <param name="StorePath">The output store.</param>
/// <param name="Backend">Where cell work ran.</param>
/// <param name="GranulesFailed">Granules that could not be read, over all cells.</param>
/// <param name="Error">Why the run failed, when it did.</param>
/// <param name="Results">Per-cell metadata, in catalog order, each cell exactly once (empty in the totals a run grain
/// returns: results come in pages, see <see cref="IRunGrain.GetResultsPage"/>).</param>
/// <param name="ResultPages">Pages of per-cell results the run has.</param>
/// <param name="CellsUpToDate">Cells whose chunk was already written for the same inputs: answered without reading a granule.</param>
/// <param name="ReportHtml">Where the run's report page is (<c>{store}/_magg/runs/{run_id}.html</c>), once written.</param>
/// <param name="ReportJson">Where the run's JSON report is, once written.</param>
/// <param name="ReportError">Why the report could not be written, when it could not (the run's outcome does not depend on it).</param>
/// <param name="LambdaGbSeconds">GB-seconds Lambda billed (lambda backend).</param>
/// <param name="LambdaInvocations">Invocations Lambda billed (lambda backend).</param>
/// <param name="LambdaCostUsd">Estimated Lambda cost in USD: GB-seconds and requests at the run's prices (lambda backend).</param>
/// <param name="LambdaThrottles">Invokes Lambda throttled (429) or failed transiently (5xx), each retried after a backoff (lambda backend).</param>
/// <param name="LambdaLowestConcurrency">The lowest concurrency the run backed off to while throttled, 0 when it never was
/// (lambda backend; as seen by the run grain's current activation).</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.RunSummary")]
public sealed record RunSummary(
    string RunId,
    RunStatus Status,
    int TotalCells,
    int CellsWithData,
    int CellsError,
    long TotalObs,
    double WallTimeSeconds,
    string StorePath,
    string Backend,
    int GranulesFailed,
    string? Error,
    CellMetadata[] Results,
    int ResultPages = 0,
    int CellsUpToDate = 0,
    double LambdaGbSeconds = 0,
    long LambdaInvocations = 0,
    double LambdaCostUsd = 0,
    long LambdaThrottles = 0,
    int LambdaLowestConcurrency = 0,
    string? ReportHtml = null,
    string? ReportJson = null,
    string? ReportError = null)
{
    /// <summary>True once the report is written, or once writing it was given up.</summary>
    public bool IsReportSettled => ReportHtml is not null || ReportError is not null;
}
