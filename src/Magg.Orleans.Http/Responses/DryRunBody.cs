using Magg.Orleans.Client;

namespace Magg.Orleans.Http.Responses;

/// <summary>A dry run: what would be processed (magg's dict). Nothing was touched.</summary>
public sealed record DryRunBody(bool DryRun, int TotalCells, int GranulesPerCellMin, int GranulesPerCellMax, double GranulesPerCellAvg, string StorePath)
{
    /// <summary>The body of <paramref name="result"/>.</summary>
    public static DryRunBody Of(DryRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(true, result.TotalCells, result.GranulesPerCellMin, result.GranulesPerCellMax, Math.Round(result.GranulesPerCellAvg, 3), result.StorePath);
    }
}
