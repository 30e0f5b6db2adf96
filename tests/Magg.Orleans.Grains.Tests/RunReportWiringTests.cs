using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Client;
using Magg.Orleans.Quicklook.Reports;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Every run writes its report into its store when it ends; later runs add theirs and delete nothing.</summary>
[Collection(SharedCluster.Name)]
public sealed class RunReportWiringTests(ClusterFixture fixture, DemoDataFixture demo) : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"magg-report-{Guid.NewGuid():N}.zarr");
    private readonly List<string> _files = [];

    [Fact]
    public async Task Agg_WithABrokenGranule_WritesAReportWithEveryCellAndTheGranulesFailureReason()
    {
        // Arrange: the demo catalog with a granule that is not HDF5 added to its first cell.
        var ct = TestContext.Current.CancellationToken;
        var (catalog, bogus, firstCell) = await CatalogWithBogusGranuleAsync(ct);

        // Act
        var summary = Assert.IsType<RunResult>(await fixture.Client.AggAsync(new AggRequest
        {
            Config = "atl06", Catalog = catalog, Store = _store, MaxWorkers = 4,
        }, cancellationToken: ct)).Summary;

        // Assert: the summary says where the report is, and the report holds every cell with the broken granule's reason.
        var html = Path.Combine(_store, "_magg", "runs", summary.RunId + ".html");
        var json = Path.Combine(_store, "_magg", "runs", summary.RunId + ".json");
        Assert.Equal((html, json), (summary.ReportHtml, summary.ReportJson));
        var report = RunReportJson.Parse(await File.ReadAllBytesAsync(json, ct));
        Assert.NotNull(report);
        Assert.Equal((summary.RunId, RunReportStatuses.Completed, demo.Data.Cells.Count, 0), (report.RunId, report.Status, report.Cells.Count, report.CellsOmitted));
        Assert.Equal(summary.TotalObs, report.Totals.Observations);
        Assert.Equal(summary.Results.Select(r => r.ParentMorton), report.Cells.Select(c => c.Morton));
        Assert.Equal(("atl06", catalog, Path.GetFullPath(_store), 4), (report.Request.Config, report.Request.Catalog, report.Request.Store, report.Request.MaxWorkers));
        var broken = report.Cells.Single(c => c.Morton == firstCell);
        Assert.Equal(1, broken.GranulesFailed);
        var failure = Assert.Single(broken.Failures);
        Assert.Equal((bogus, (string?)null), (failure.Granule, failure.Group));
        Assert.Contains("HDF5", failure.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.All(report.Cells.Where(c => c.Morton != firstCell), c => Assert.Empty(c.Failures));
        var page = await File.ReadAllTextAsync(html, ct);
        Assert.Contains(Path.GetFileName(bogus), page, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", page, StringComparison.Ordinal);
        Assert.Equal(summary.RunId, await RunReportWriter.ReadLastRunIdAsync(Storage.Objects.ObjectStoreFactory.Open(_store), ct));
    }

    [Fact]
    public async Task Agg_SecondRunWithOverwrite_KeepsTheFirstRunsReport()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = new AggRequest { Config = "atl06", Catalog = demo.Data.CatalogPath, Store = _store, MaxCells = 3 };
        var first = Assert.IsType<RunResult>(await fixture.Client.AggAsync(request, cancellationToken: ct)).Summary;

        var second = Assert.IsType<RunResult>(await fixture.Client.AggAsync(request with { Overwrite = true, MaxCells = 2 }, cancellationToken: ct)).Summary;

        var reports = Directory.GetFiles(Path.Combine(_store, "_magg", "runs")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        string[] expected = [$"{first.RunId}.html", $"{first.RunId}.json", $"{second.RunId}.html", $"{second.RunId}.json"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), reports);
        var older = RunReportJson.Parse(await File.ReadAllBytesAsync(first.ReportJson!, ct))!;
        Assert.Equal((3, (int?)3), (older.Cells.Count, older.Request.MaxCells));
        var pointer = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_store, "_magg", "last-run.json"), ct))!;
        Assert.Equal(second.RunId, pointer["run_id"]!.GetValue<string>());
    }

    public void Dispose()
    {
        Folders.DeleteBestEffort(_store);

        foreach (var file in _files.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    private async Task<(string Catalog, string Bogus, long FirstCell)> CatalogWithBogusGranuleAsync(CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(demo.Data.CatalogPath)!;
        var bogus = Path.Combine(folder, $"bogus-{Guid.NewGuid():N}.h5");
        await File.WriteAllTextAsync(bogus, "this is not an HDF5 file", ct);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(demo.Data.CatalogPath, ct))!;
        var cells = json["catalog"]!.AsObject();
        var first = cells.First();
        first.Value!.AsArray().Add(Path.GetFileName(bogus));
        var catalog = Path.Combine(folder, $"catalog-bogus-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(catalog, json.ToJsonString(), ct);
        _files.AddRange([bogus, catalog]);
        return (catalog, bogus, long.Parse(first.Key, CultureInfo.InvariantCulture));
    }
}
