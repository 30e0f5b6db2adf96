using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Grains.Tests;

/// <summary>A large-but-fast run: every persisted item stays under 350 KB, and results come back in pages, in catalog order.</summary>
[Collection(SharedCluster.Name)]
public sealed class RunScaleTests(ClusterFixture fixture) : IDisposable
{
    private const int Cells = 3000;
    private const int MaxItemBytes = 350 * 1024;
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"magg-scale-{Guid.NewGuid():N}");

    [Fact]
    public async Task Agg_ThousandsOfCellsWithTheLongestOutcomes_PersistNoItemOver350KB_AndPageTheirResults()
    {
        // Arrange: every cell lists a granule that does not exist, named so that batches are full both in cells and in
        // granule addresses, and each cell fails with as much recorded text as a cell can hold.
        var ct = TestContext.Current.CancellationToken;
        var catalog = await WriteCatalogAsync(ct);
        var request = new AggRequest { Config = "atl06", Catalog = catalog, Store = Path.Combine(_root, "out.zarr"), MaxWorkers = 64, RunId = $"scale-{Guid.NewGuid():N}" };
        var plan = await RunPlanner.PlanAsync(request, TimeProvider.System, ct);

        // Act
        await fixture.Client.SubmitAsync(plan);
        RunProgress last = null!;
        await foreach (var progress in fixture.Client.WatchAsync(plan.Header.RunId, ct))
        {
            last = progress;
        }

        var totals = await fixture.Client.GetTotalsAsync(plan.Header.RunId);
        var results = new List<CellMetadata>();
        await foreach (var result in fixture.Client.GetResultsAsync(plan.Header.RunId, ct))
        {
            results.Add(result);
        }

        // Assert
        Assert.Equal((RunStatus.CompletedWithErrors, Cells), (last.Status, last.CellsFailed));
        var sizes = fixture.Sizes.LargestBy(plan.Header.RunId);
        Assert.True(sizes.ContainsKey("batch") && sizes.ContainsKey("run"), string.Join(", ", sizes.Keys));
        Assert.All(sizes, s => Assert.True(s.Value < MaxItemBytes, $"a {s.Key} item is {s.Value:N0} bytes"));
        Assert.True(sizes["batch"] > 100 * 1024, $"the largest batch ({sizes["batch"]:N0} bytes) should be a full one");
        Assert.Equal(RunPlanner.MaxCellsPerBatch, plan.Batches[0].Cells.Length);
        Assert.InRange(plan.Batches[0].Cells.Sum(c => c.Granules.Sum(g => g.Length + 8)), RunPlanner.MaxGranuleCharsPerBatch * 9 / 10, RunPlanner.MaxGranuleCharsPerBatch);
        TestContext.Current.TestOutputHelper?.WriteLine($"largest items: {string.Join(", ", sizes.Select(s => $"{s.Key} {s.Value:N0} bytes"))}");
        Assert.Equal(plan.Batches.Count, totals.ResultPages);
        Assert.Empty(totals.Results);
        Assert.Equal(Enumerable.Range(0, Cells).Select(i => Morton.FromNested(i, 6)), results.Select(r => r.ParentMorton));
        Assert.All(results, r => Assert.True(r.Failures.Length == CellRecord.MaxFailures && r.Error?.Length == CellRecord.MaxTextLength, r.ToString()));
    }

    public void Dispose()
    {
        Folders.DeleteBestEffort(_root);
    }

    private async Task<string> WriteCatalogAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(_root);
        var cells = new JsonObject();
        for (var i = 0; i < Cells; i++)
        {
            var names = Enumerable.Range(0, CellRecord.MaxFailures)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"m/{i:D5}_{g}_")).ToArray();
            var uriLength = new Uri(Path.Combine(_root, names[0] + ".h5")).AbsoluteUri.Length;
            var padding = RunPlanner.MaxGranuleCharsPerBatch / RunPlanner.MaxCellsPerBatch / names.Length - 8 - uriLength;
            cells[Morton.FromNested(i, 6).ToString(CultureInfo.InvariantCulture)] = new JsonArray(
                [.. names.Select(n => (JsonNode)(n + new string('x', Math.Max(0, padding)) + ".h5"))]);
        }

        var path = Path.Combine(_root, "catalog.json");
        var root = new JsonObject { ["metadata"] = new JsonObject { ["parent_order"] = 6, ["total_cells"] = Cells }, ["catalog"] = cells };
        await File.WriteAllTextAsync(path, root.ToJsonString(), ct);
        return path;
    }
}
