using Magg.Orleans.Client;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Grains.Tests;

/// <summary>agg() through a two-silo cluster over the fixtures.</summary>
[Collection(SharedCluster.Name)]
public sealed class AggTests(ClusterFixture fixture, DemoDataFixture demo) : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"magg-agg-{Guid.NewGuid():N}");

    public static TheoryData<string> Fixtures => new(TestData.FixtureNames);

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Agg_Fixture_WritesChunksEqualToProcessCell(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var request = Request(name);

        var result = Assert.IsType<RunResult>(await fixture.Client.AggAsync(request, cancellationToken: ct));

        var catalog = await GranuleCatalog.LoadAsync(request.Catalog!, ct);
        var summary = result.Summary;
        Assert.Equal((RunStatus.Completed, catalog.TotalCells, 0), (summary.Status, summary.TotalCells, summary.CellsError));
        Assert.Equal(catalog.Cells.Select(c => c.ParentMorton), summary.Results.Select(r => r.ParentMorton));
        var config = BuiltInConfigs.Get("atl06");
        var store = new ZarrDggsStore(ObjectStoreFactory.Open(_store), new DggsLayout(config, catalog.Metadata.ParentOrder, catalog.TotalCells));
        var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
        foreach (var cell in catalog.Cells)
        {
            var addresses = cell.Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray();
            var expected = await processor.ProcessAsync(cell.ParentMorton, addresses, new CompiledPipeline(config), ct);
            Assert.Equal(expected.Outcome.TotalObservations, summary.Results[cell.ChunkIndex].TotalObs);
            foreach (var column in expected.Table!.Columns)
            {
                var chunk = await store.ReadChunkAsync(column.Name, cell.ChunkIndex, ct);
                Assert.True(chunk is not null && column.Bytes.SequenceEqual(chunk), $"chunk {cell.ChunkIndex} of {column.Name} differs");
            }
        }

        Assert.Equal(summary.Results.Sum(r => r.TotalObs), summary.TotalObs);
        Assert.True(File.Exists(Path.Combine(_store, "zarr.json")));
    }

    [Fact]
    public async Task Agg_SameRequestTwice_ReadsNoGranuleAndReturnsTheSameSummary()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = Assert.IsType<RunResult>(await fixture.Client.AggAsync(Request("small"), cancellationToken: ct)).Summary;
        fixture.Granules.Reset();

        var second = Assert.IsType<RunResult>(await fixture.Client.AggAsync(Request("small"), cancellationToken: ct)).Summary;

        Assert.Empty(fixture.Granules.Opened);
        Assert.NotEqual(first.RunId, second.RunId);
        Assert.Equal((first.Status, first.TotalCells, first.CellsWithData, first.CellsError, first.TotalObs),
            (second.Status, second.TotalCells, second.CellsWithData, second.CellsError, second.TotalObs));
        Assert.Equal(first.Results.Select(r => (r.ParentMorton, r.TotalObs, r.CellsWithData)), second.Results.Select(r => (r.ParentMorton, r.TotalObs, r.CellsWithData)));
    }

    [Fact]
    public async Task Agg_OneCellsGranulesChanged_ReaggregatesOnlyThatCell()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.Client.AggAsync(Request("small"), cancellationToken: ct);
        var catalog = await GranuleCatalog.LoadAsync(Request("small").Catalog!, ct);
        var changed = catalog.Cells.First(c => c.Granules.Count > 1);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Request("small").Catalog!, ct))!;
        var granules = json["catalog"]![changed.ParentMorton.ToString(System.Globalization.CultureInfo.InvariantCulture)]!.AsArray();
        var dropped = granules[^1]!.GetValue<string>();
        granules.RemoveAt(granules.Count - 1);
        var editedCatalog = Path.Combine(TestData.Fixture("small"), $"catalog-edited-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(editedCatalog, json.ToJsonString(), ct);
        fixture.Granules.Reset();

        try
        {
            var summary = Assert.IsType<RunResult>(await fixture.Client.AggAsync(Request("small") with { Catalog = editedCatalog }, cancellationToken: ct)).Summary;

            var expected = changed.Granules.Where(g => g != dropped).Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToHashSet();
            Assert.Equal(expected, fixture.Granules.Opened.ToHashSet());
            Assert.Equal(RunStatus.Completed, summary.Status);
        }
        finally
        {
            File.Delete(editedCatalog);
        }
    }

    [Fact]
    public async Task Agg_MaxWorkers_IsReachedAndNeverExceeded()
    {
        // Arrange: 40 cells, 3 workers; granule reads wait, so every dispatched cell stays at work.
        var ct = TestContext.Current.CancellationToken;
        var plan = await RunPlanner.PlanAsync(new AggRequest { Config = "atl06", Catalog = demo.Data.CatalogPath, Store = _store, MaxWorkers = 3 },
            TimeProvider.System, ct);
        using var listener = new ActiveCellsListener(plan.Header.Store.Id);

        // Act
        int heldAtOnce;
        using (fixture.Granules.Hold(demo.GranulesFolder))
        {
            await fixture.Client.SubmitAsync(plan);
            await Eventually.HoldsAsync(() => listener.Current >= 3, "three cells at work");
            await Task.Delay(500, ct);
            heldAtOnce = listener.Current;
        }

        RunProgress last = null!;
        await foreach (var progress in fixture.Client.WatchAsync(plan.Header.RunId, ct))
        {
            last = progress;
        }

        // Assert: this run's own cells only (measurements carry the store id).
        Assert.Equal((RunStatus.Completed, 40), (last.Status, last.CellsDone));
        Assert.Equal(3, heldAtOnce);
        Assert.Equal(3, listener.Peak);
    }

    [Fact]
    public async Task Agg_DryRun_TouchesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        fixture.Granules.Reset();

        var result = Assert.IsType<DryRunResult>(await fixture.Client.AggAsync(Request("small") with { DryRun = true }, cancellationToken: ct));

        Assert.Equal(_store, result.StorePath);
        Assert.True(result.TotalCells > 0 && result.GranulesPerCellMin <= result.GranulesPerCellAvg && result.GranulesPerCellAvg <= result.GranulesPerCellMax);
        Assert.False(Directory.Exists(_store));
        Assert.Empty(fixture.Granules.Opened);
    }

    public void Dispose() => Folders.DeleteBestEffort(_store);

    private AggRequest Request(string fixtureName) => new()
    {
        Config = "atl06",
        Catalog = Path.Combine(TestData.Fixture(fixtureName), "catalog.json"),
        Store = _store,
    };
}
