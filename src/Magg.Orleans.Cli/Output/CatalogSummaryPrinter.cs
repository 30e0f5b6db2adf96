using System.Globalization;
using Magg.Orleans.Catalog;

namespace Magg.Orleans.Cli.Output;

/// <summary>The closing summary of <c>catalog</c>: what was found, used and skipped (and why), the cells, and time per phase.</summary>
internal static class CatalogSummaryPrinter
{
    public static void Print(TextWriter output, CatalogSummary summary, string path, TimeSpan writeTime, TimeSpan totalTime)
    {
        var skipped = summary.Skipped.Values.Sum();
        Line(output, "granules_found", string.Create(CultureInfo.InvariantCulture, $"{summary.GranulesFound} (CMR hits {summary.Hits}, {summary.Pages} pages)"));
        Line(output, "granules_used", summary.GranulesUsed);
        Line(output, "granules_skipped", string.Create(CultureInfo.InvariantCulture,
            $"{skipped} (no s3 URL {summary.Skipped[SkipReason.NoS3Url]}, no footprint {summary.Skipped[SkipReason.NoFootprint]}, outside the area {summary.Skipped[SkipReason.OutsideArea]}, duplicate {summary.Skipped[SkipReason.Duplicate]})"));
        Line(output, "parent_cells", string.Create(CultureInfo.InvariantCulture, $"{summary.Cells} (of {summary.AreaCells} covering the area)"));
        Line(output, "granules_per_cell_min", summary.GranulesPerCellMin);
        Line(output, "granules_per_cell_max", summary.GranulesPerCellMax);
        Line(output, "granules_per_cell_avg", summary.GranulesPerCellAvg.ToString("F1", CultureInfo.InvariantCulture));
        Line(output, "time_cover_s", Seconds(summary.CoverTime));
        Line(output, "time_search_s", Seconds(summary.SearchTime));
        Line(output, "time_intersect_s", Seconds(summary.IntersectTime));
        Line(output, "time_write_s", Seconds(writeTime));
        Line(output, "time_total_s", Seconds(totalTime));
        Line(output, "catalog", path);
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture);

    private static void Line(TextWriter output, string key, object value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: {value}"));
}
