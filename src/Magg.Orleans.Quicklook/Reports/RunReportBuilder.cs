namespace Magg.Orleans.Quicklook.Reports;

/// <summary>
/// Builds a <see cref="RunReport"/> one cell at a time, as a run's result pages arrive, so a run of a million cells never
/// holds a million rows: totals and timings count every cell, and when the run has more than <see cref="MaxRows"/> cells
/// the rows of cleanly written (or up-to-date) cells are left out (<see cref="RunReport.CellsOmitted"/>), keeping those
/// worth reading: failed, empty and not-processed cells, and cells with granule or group failures (at most <see cref="MaxRows"/>).
/// </summary>
/// <param name="expectedCells">Cells the run has.</param>
/// <param name="maxRows">Most rows kept.</param>
public sealed class RunReportBuilder(int expectedCells, int maxRows = RunReportBuilder.DefaultMaxRows)
{
    /// <summary>Rows a report keeps in full by default.</summary>
    public const int DefaultMaxRows = 100_000;

    private readonly List<RunReportCell> _rows = [];
    private readonly List<double> _seconds = [];
    private readonly bool _omitClean = expectedCells > maxRows;
    private int _written, _upToDate, _empty, _failed, _granulesFailed, _groupsFailed, _omitted, _total;
    private long _childCells, _observations;

    /// <summary>Most rows kept.</summary>
    public int MaxRows { get; } = maxRows;

    /// <summary>Counts <paramref name="cell"/> and keeps its row unless it is left out.</summary>
    public void Add(RunReportCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        _total++;
        switch (cell.Status)
        {
            case RunReportStatuses.Written: _written++; break;
            case RunReportStatuses.UpToDate: _upToDate++; break;
            case RunReportStatuses.Empty: _empty++; break;
            case RunReportStatuses.Failed: _failed++; break;
        }

        (_childCells, _observations) = (_childCells + cell.CellsWithData, _observations + cell.Observations);
        (_granulesFailed, _groupsFailed) = (_granulesFailed + cell.GranulesFailed, _groupsFailed + cell.GroupsFailed);
        if (cell.Status is not RunReportStatuses.NotProcessed)
        {
            _seconds.Add(cell.Seconds);
        }

        var clean = cell.Status is RunReportStatuses.Written or RunReportStatuses.UpToDate && cell.Failures.Count == 0 && cell.Error is null;
        if ((_omitClean && clean) || _rows.Count >= MaxRows)
        {
            _omitted++;
            return;
        }

        _rows.Add(cell);
    }

    /// <summary>The report of the cells added so far.</summary>
    public RunReport Build(string runId, string status, string? error, DateTimeOffset generatedAt, RunReportRequest request, DateTimeOffset startedAt,
        DateTimeOffset finishedAt) => new()
        {
            RunId = runId,
            Status = status,
            Error = error,
            GeneratedAt = generatedAt,
            Request = request,
            Totals = new RunReportTotals(_total, _written, _upToDate, _empty, _failed, _childCells, _observations, _granulesFailed, _groupsFailed),
            Timings = RunReportTimings.Of(startedAt, finishedAt, _seconds),
            Cells = _rows,
            CellsOmitted = _omitted,
        };
}
