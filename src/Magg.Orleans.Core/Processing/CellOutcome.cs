namespace Magg.Orleans.Core.Processing;

/// <summary>What processing one parent cell produced (magg's per-cell metadata, plus failure counts).</summary>
/// <param name="ParentMorton">The parent cell.</param>
/// <param name="CellsWithData">Children with at least one observation.</param>
/// <param name="TotalObservations">Observations aggregated (<c>total_obs</c>).</param>
/// <param name="GranuleCount">Distinct granules listed for the cell.</param>
/// <param name="FilesProcessed">Granules opened and read.</param>
/// <param name="DurationSeconds">Wall time of the cell.</param>
/// <param name="Error"><c>No granules found</c>, <c>No data after filtering</c>, or why the cell failed; null when a chunk was produced.</param>
/// <param name="GranulesFailed">Granules that could not be opened or read.</param>
/// <param name="GroupsFailed">Groups (beams) that could not be read in granules that opened.</param>
/// <param name="Failures">The reason of each granule and group failure.</param>
public sealed record CellOutcome(
    long ParentMorton,
    int CellsWithData,
    long TotalObservations,
    int GranuleCount,
    int FilesProcessed,
    double DurationSeconds,
    string? Error,
    int GranulesFailed,
    int GroupsFailed,
    IReadOnlyList<GranuleFailure> Failures)
{
    /// <summary>The message of a cell whose granule list is empty.</summary>
    public const string NoGranulesFound = "No granules found";

    /// <summary>The message of a cell where no observation survived filtering.</summary>
    public const string NoDataAfterFiltering = "No data after filtering";

    /// <summary>True when the cell has nothing to write for a legitimate reason (not an error of the run).</summary>
    public bool IsEmpty => Error is NoGranulesFound or NoDataAfterFiltering;
}
