namespace Magg.Orleans.Http.Responses;

/// <summary>
/// A run's summary with magg's field names and one page of its per-cell results (<c>GET /v1/runs/{run_id}/summary?page=N</c>;
/// <see cref="Next"/> is the next page, null on the last). <see cref="ReportSettled"/> turns true once a finished run's report
/// is written (<see cref="ReportHtml"/>) or given up (<see cref="ReportError"/>).
/// </summary>
public sealed record SummaryBody(
    string RunId,
    RunStatus Status,
    int TotalCells,
    int CellsWithData,
    int CellsError,
    int CellsUpToDate,
    long TotalObs,
    double WallTimeS,
    string StorePath,
    string Backend,
    int GranulesFailed,
    string? Error,
    string? ReportHtml,
    string? ReportJson,
    string? ReportError,
    bool ReportSettled,
    int ResultPages,
    int Page,
    string? Next,
    IReadOnlyList<CellBody> Results)
{
    /// <summary>The body of <paramref name="totals"/> with page <paramref name="page"/> of the results.</summary>
    public static SummaryBody Of(RunSummary totals, int page, IEnumerable<CellMetadata> results)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(results);
        var next = page + 1 < totals.ResultPages
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"/v1/runs/{Uri.EscapeDataString(totals.RunId)}/summary?page={page + 1}")
            : null;
        return new(totals.RunId, totals.Status, totals.TotalCells, totals.CellsWithData, totals.CellsError, totals.CellsUpToDate, totals.TotalObs,
            Math.Round(totals.WallTimeSeconds, 3), totals.StorePath, totals.Backend, totals.GranulesFailed, totals.Error, totals.ReportHtml, totals.ReportJson,
            totals.ReportError, totals.IsReportSettled, totals.ResultPages, page, next, [.. results.Select(CellBody.Of)]);
    }
}
