namespace Magg.Orleans.Http.Responses;

/// <summary>One cell of a run's results, with magg's field names.</summary>
public sealed record CellBody(
    long ParentMorton,
    int CellsWithData,
    long TotalObs,
    int GranuleCount,
    int FilesProcessed,
    double DurationS,
    string? Error,
    int GranulesFailed,
    int GroupsFailed,
    IReadOnlyList<string> Failures)
{
    /// <summary>The body of <paramref name="cell"/>.</summary>
    public static CellBody Of(CellMetadata cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new(cell.ParentMorton, cell.CellsWithData, cell.TotalObs, cell.GranuleCount, cell.FilesProcessed, Math.Round(cell.DurationSeconds, 4), cell.Error,
            cell.GranulesFailed, cell.GroupsFailed, cell.Failures);
    }
}
