namespace Magg.Orleans.Quicklook.Reports;

/// <summary>Counts over a run's cells.</summary>
/// <param name="TotalCells">Cells in the run.</param>
/// <param name="CellsWritten">Cells aggregated and written.</param>
/// <param name="CellsUpToDate">Cells whose inputs had not changed (nothing read).</param>
/// <param name="CellsEmpty">Cells without granules or without data after filtering.</param>
/// <param name="CellsFailed">Cells that failed.</param>
/// <param name="ChildCellsWithData">Child cells holding data, over all cells.</param>
/// <param name="Observations">Observations aggregated.</param>
/// <param name="GranulesFailed">Granules that could not be read.</param>
/// <param name="GroupsFailed">Groups that could not be read.</param>
public sealed record RunReportTotals(
    int TotalCells,
    int CellsWritten,
    int CellsUpToDate,
    int CellsEmpty,
    int CellsFailed,
    long ChildCellsWithData,
    long Observations,
    int GranulesFailed,
    int GroupsFailed)
{
    /// <summary>The totals of <paramref name="cells"/>.</summary>
    public static RunReportTotals Of(IReadOnlyCollection<RunReportCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        int Count(string status) => cells.Count(c => c.Status == status);
        return new RunReportTotals(cells.Count, Count(RunReportStatuses.Written), Count(RunReportStatuses.UpToDate), Count(RunReportStatuses.Empty),
            Count(RunReportStatuses.Failed), cells.Sum(c => (long)c.CellsWithData), cells.Sum(c => c.Observations), cells.Sum(c => c.GranulesFailed),
            cells.Sum(c => c.GroupsFailed));
    }
}
