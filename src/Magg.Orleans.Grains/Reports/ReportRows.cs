using Magg.Orleans.Quicklook.Reports;

namespace Magg.Orleans.Grains.Reports;

/// <summary>The report's view of a run: its request from the run header, its rows from the batches' cells.</summary>
internal static class ReportRows
{
    public static RunReportRequest Request(RunHeader header, string? configFingerprint, int childOrder) => new(
        header.Origin?.Config ?? "inline",
        configFingerprint,
        header.Origin?.Catalog,
        header.Store.Location,
        header.Backend,
        header.Driver,
        header.MaxWorkers,
        header.Overwrite,
        header.Store.Compression,
        header.ParentOrder,
        childOrder,
        header.TotalCatalogCells,
        header.Origin?.MaxCells,
        header.Origin?.MortonCell,
        header.Store.Region,
        header.Store.ServiceUrl);

    public static RunReportCell Cell(CellReportRow row)
    {
        var m = row.Metadata;
        var details = m.FailureDetails ?? [];
        var failures = details.Select((f, i) => new RunReportFailure(i < row.FailureGranules.Length ? row.FailureGranules[i] : "", f.Group,
            Storage.Cells.CellRecord.ReasonOf(i < m.Failures.Length ? m.Failures[i] : "", f.Group, f.Reason))).ToArray();
        return new RunReportCell(row.ChunkIndex, m.ParentMorton, Status(row.Status), m.TotalObs, m.CellsWithData, m.DurationSeconds, m.GranuleCount,
            m.FilesProcessed, m.GranulesFailed, m.GroupsFailed, m.Error, failures);
    }

    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Completed => RunReportStatuses.Completed,
        RunStatus.CompletedWithErrors => RunReportStatuses.CompletedWithErrors,
        RunStatus.Cancelled => RunReportStatuses.Cancelled,
        _ => RunReportStatuses.Failed,
    };

    private static string Status(CellStatus status) => status switch
    {
        CellStatus.Written => RunReportStatuses.Written,
        CellStatus.UpToDate => RunReportStatuses.UpToDate,
        CellStatus.Empty => RunReportStatuses.Empty,
        CellStatus.Failed => RunReportStatuses.Failed,
        _ => RunReportStatuses.NotProcessed,
    };
}
