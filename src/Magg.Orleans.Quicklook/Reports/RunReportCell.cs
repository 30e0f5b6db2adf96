namespace Magg.Orleans.Quicklook.Reports;

/// <summary>One cell of a run.</summary>
/// <param name="ChunkIndex">The cell's chunk (its position in the catalog).</param>
/// <param name="Morton">The parent cell's decimal morton index.</param>
/// <param name="Status"><c>written</c>, <c>up_to_date</c>, <c>empty</c> or <c>failed</c>.</param>
/// <param name="Observations">Observations aggregated.</param>
/// <param name="CellsWithData">Children holding at least one observation.</param>
/// <param name="Seconds">Wall time of the cell's processing.</param>
/// <param name="Granules">Granules listed for the cell.</param>
/// <param name="FilesProcessed">Granules read.</param>
/// <param name="GranulesFailed">Granules that could not be read.</param>
/// <param name="GroupsFailed">Groups (beams) that could not be read.</param>
/// <param name="Error">Why the cell failed, or <c>No granules found</c> / <c>No data after filtering</c> for an empty cell.</param>
/// <param name="Failures">Each granule or group that could not be read, with its reason.</param>
public sealed record RunReportCell(
    int ChunkIndex,
    long Morton,
    string Status,
    long Observations,
    int CellsWithData,
    double Seconds,
    int Granules,
    int FilesProcessed,
    int GranulesFailed,
    int GroupsFailed,
    string? Error,
    IReadOnlyList<RunReportFailure> Failures);
