using System.Globalization;
using System.Net;
using System.Text;
using Magg.Orleans.Quicklook.Maps;

namespace Magg.Orleans.Quicklook.Reports;

/// <summary>
/// The report as one self-contained page (inline style, the map as a PNG data URI): summary, map, failures, timings.
/// Every text that comes from the run (granule names and failure reasons come from catalogs anyone can write) is
/// HTML-escaped; the page is also well-formed XML, so tests can walk it.
/// </summary>
internal static class RunReportHtml
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
        h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;font-size:.9em}td,th{padding:.25em .7em;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
        th{background:#f6f6f6}td.n{text-align:right;font-variant-numeric:tabular-nums}.reason{font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-all}
        .status{display:inline-block;padding:.15em .6em;border-radius:.3em;font-weight:600}.completed{background:#dff3e4}.completed_with_errors{background:#fff1cc}
        .failed,.cancelled{background:#fbdcdc}img{max-width:100%;height:auto;border:1px solid #eee}.muted{color:#777;font-size:.85em}
        """;

    public static string Render(RunReport report, string jsonKey, MapResult? map, string? mapError, int maxFailureRows)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>");
        html.Append("<title>Run ").Append(E(report.RunId)).Append(" \u2014 Magg.Orleans</title><style>").Append(Style).Append("</style></head><body>\n");
        html.Append("<h1>Run ").Append(E(report.RunId)).Append("</h1>\n");
        html.Append("<p><span class=\"status ").Append(E(report.Status)).Append("\">").Append(E(report.Status)).Append("</span></p>\n");
        Summary(html, report);
        Map(html, map, mapError);
        Failures(html, report, maxFailureRows);
        Timings(html, report);
        html.Append("<p class=\"muted\">Schema ").Append(E(report.Schema)).Append(" v").Append(report.SchemaVersion)
            .Append(" \u00b7 generated ").Append(E(Time(report.GeneratedAt))).Append(" \u00b7 every cell's row is in ").Append(E(jsonKey)).Append("</p>\n");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, RunReport report)
    {
        var r = report.Request;
        var t = report.Totals;
        html.Append("<h2>Summary</h2>\n<table class=\"summary\"><tbody>\n");
        Row(html, "Store", r.Store);
        if (report.Error is not null)
        {
            Row(html, "Error", report.Error);
        }

        Row(html, "Started", Time(report.Timings.StartedAt));
        Row(html, "Finished", Time(report.Timings.FinishedAt));
        Row(html, "Wall time", Seconds(report.Timings.WallTimeSeconds));
        var notProcessed = t.TotalCells - t.CellsWritten - t.CellsUpToDate - t.CellsEmpty - t.CellsFailed;
        Row(html, "Cells", Invariant($"{t.TotalCells:N0}: {t.CellsWritten:N0} written, {t.CellsUpToDate:N0} up to date, {t.CellsEmpty:N0} empty, {t.CellsFailed:N0} failed")
            + (notProcessed > 0 ? Invariant($", {notProcessed:N0} not processed") : "")
            + (report.CellsOmitted > 0 ? Invariant($" ({report.CellsOmitted:N0} cleanly written rows are left out of the JSON)") : ""));
        Row(html, "Child cells with data", Invariant($"{t.ChildCellsWithData:N0}"));
        Row(html, "Observations", Invariant($"{t.Observations:N0}"));
        Row(html, "Granules / groups failed", Invariant($"{t.GranulesFailed:N0} / {t.GroupsFailed:N0}"));
        Row(html, "Config", r.Config + (r.ConfigFingerprint is null ? "" : $" ({r.ConfigFingerprint})"));
        Row(html, "Catalog", r.Catalog ?? "");
        Row(html, "Grid", Invariant($"HEALPix nested, parent order {r.ParentOrder}, child order {r.ChildOrder}, {r.TotalCatalogCells:N0} cells in the catalog"));
        Row(html, "Options", Invariant($"backend {r.Backend}, driver {r.Driver}, max_workers {r.MaxWorkers}, overwrite {(r.Overwrite ? "yes" : "no")}, compression {r.Compression}")
            + (r.MaxCells is { } maxCells ? Invariant($", max_cells {maxCells}") : "")
            + (r.MortonCell is { } morton ? Invariant($", morton_cell {morton}") : "")
            + (r.Region is null ? "" : $", region {r.Region}")
            + (r.StoreEndpoint is null ? "" : $", store endpoint {r.StoreEndpoint}"));
        html.Append("</tbody></table>\n");
    }

    private static void Map(StringBuilder html, MapResult? map, string? mapError)
    {
        html.Append("<h2>Map</h2>\n");
        if (map is null)
        {
            html.Append("<p class=\"muted\">No map: ").Append(E(mapError ?? "not drawn")).Append("</p>\n");
            return;
        }

        html.Append("<figure><img alt=\"").Append(E($"Quicklook map of {map.Variable}")).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(map.Png)).Append("\"/><figcaption class=\"muted\">")
            .Append(E(Invariant($"{map.Label}: {map.CellsWithData:N0} cells at order {map.CellOrder}, colour scale {map.VMin:G6} to {map.VMax:G6} ({map.Colormap.Name}), {MapProjection.NameOf(map.Projection)}")))
            .Append("</figcaption></figure>\n");
    }

    private static void Failures(StringBuilder html, RunReport report, int maxRows)
    {
        var rows = report.Cells
            .Where(c => c.Status == RunReportStatuses.Failed || c.Failures.Count > 0)
            .SelectMany(c => c.Failures.Select(f => (Cell: c, f.Granule, Group: f.Group ?? "", f.Reason))
                .Prepend((Cell: c, Granule: "", Group: "", Reason: c.Error ?? "failed"))
                .Skip(c.Status == RunReportStatuses.Failed ? 0 : 1))
            .ToList();
        html.Append("<h2>Failures (").Append(rows.Count.ToString("N0", CultureInfo.InvariantCulture)).Append(")</h2>\n");
        if (rows.Count == 0)
        {
            html.Append("<p class=\"muted\">No cell, granule or group failed.</p>\n");
            return;
        }

        html.Append("<table class=\"failures\"><thead><tr><th>Cell</th><th>Status</th><th>Granule</th><th>Group</th><th>Reason</th></tr></thead><tbody>\n");
        foreach (var (cell, granule, group, reason) in rows.Take(maxRows))
        {
            html.Append("<tr><td class=\"n\">").Append(cell.Morton.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(cell.Status))
                .Append("</td><td>").Append(E(granule)).Append("</td><td>").Append(E(group)).Append("</td><td class=\"reason\">").Append(E(reason)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
        if (rows.Count > maxRows)
        {
            html.Append("<p class=\"muted\">").Append((rows.Count - maxRows).ToString("N0", CultureInfo.InvariantCulture)).Append(" more rows are in the JSON report.</p>\n");
        }
    }

    private static void Timings(StringBuilder html, RunReport report)
    {
        var t = report.Timings;
        html.Append("<h2>Timings</h2>\n<p>Cell time: median ").Append(E(Seconds(t.CellSecondsMedian))).Append(", 95th percentile ").Append(E(Seconds(t.CellSecondsP95)))
            .Append(", slowest ").Append(E(Seconds(t.CellSecondsMax))).Append(", total ").Append(E(Seconds(t.CellSecondsTotal))).Append(".</p>\n");
        var slowest = report.Cells.OrderByDescending(c => c.Seconds).Take(10).ToList();
        if (slowest.Count == 0)
        {
            return;
        }

        html.Append("<table class=\"slowest\"><thead><tr><th>Slowest cells</th><th>Status</th><th>Seconds</th><th>Granules</th><th>Observations</th></tr></thead><tbody>\n");
        foreach (var cell in slowest)
        {
            html.Append(Invariant($"<tr><td class=\"n\">{cell.Morton}</td><td>{E(cell.Status)}</td><td class=\"n\">{cell.Seconds:F2}</td><td class=\"n\">{cell.Granules:N0}</td><td class=\"n\">{cell.Observations:N0}</td></tr>\n"));
        }

        html.Append("</tbody></table>\n");
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Seconds(double seconds) => Invariant($"{seconds:F1} s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
