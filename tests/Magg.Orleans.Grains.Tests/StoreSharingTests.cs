using System.Text.Json.Nodes;
using Magg.Orleans.Client;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Runs that meet in one store: one identity per store, overwrite refused under a running run, the catalog in the template.</summary>
[Collection(SharedCluster.Name)]
public sealed class StoreSharingTests(ClusterFixture fixture, DemoDataFixture demo) : IDisposable
{
    private static readonly string SmallCatalog = Path.Combine(TestData.Fixture("small"), "catalog.json");
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"magg-sharing-{Guid.NewGuid():N}");
    private readonly List<string> _files = [];

    [Fact]
    public async Task Agg_OverwriteWhileAnotherRunWritesTheStore_IsRefusedAndTheOtherRunCompletes()
    {
        // Arrange: run A at work in the store.
        var ct = TestContext.Current.CancellationToken;
        var store = Path.Combine(_root, "shared.zarr");
        var planA = await RunPlanner.PlanAsync(new AggRequest { Config = "atl06", Catalog = demo.Data.CatalogPath, Store = store, MaxWorkers = 2 },
            TimeProvider.System, ct);
        RunSummary b;
        using (fixture.Granules.Hold(demo.GranulesFolder))
        {
            await fixture.Client.SubmitAsync(planA);
            await Eventually.HoldsAsync(() => fixture.Client.GetStatusAsync(planA.Header.RunId), p => p.CellsInFlight > 0, "run A at work");

            // Act
            b = Assert.IsType<RunResult>(await fixture.Client.AggAsync(new AggRequest
            {
                Config = "atl06", Catalog = demo.Data.CatalogPath, Store = store, Overwrite = true,
            }, cancellationToken: ct)).Summary;
        }

        RunProgress a = null!;
        await foreach (var progress in fixture.Client.WatchAsync(planA.Header.RunId, ct))
        {
            a = progress;
        }

        // Assert
        Assert.Equal(RunStatus.Failed, b.Status);
        Assert.Contains($"refused: run {planA.Header.RunId} is writing into it", b.Error, StringComparison.Ordinal);
        Assert.Equal((RunStatus.Completed, 40, demo.Data.ExpectedObservations), (a.Status, a.CellsDone, a.TotalObs));
    }

    [Fact]
    public async Task Agg_AnotherCatalogWithTheSameCellCount_ConflictsAndWithOverwriteWritesItsOwnCoordinates()
    {
        // Arrange: the small catalog, and the same cells in reverse order.
        var ct = TestContext.Current.CancellationToken;
        var store = Path.Combine(_root, "catalogs.zarr");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(SmallCatalog, ct))!.AsObject();
        var reversed = new JsonObject();
        foreach (var (key, value) in json["catalog"]!.AsObject().Reverse().ToArray())
        {
            reversed[key] = value!.DeepClone();
        }

        json["catalog"] = reversed;
        var reversedCatalog = Path.Combine(TestData.Fixture("small"), $"catalog-reversed-{Guid.NewGuid():N}.json");
        _files.Add(reversedCatalog);
        await File.WriteAllTextAsync(reversedCatalog, json.ToJsonString(), ct);
        await fixture.Client.AggAsync(new AggRequest { Config = "atl06", Catalog = SmallCatalog, Store = store }, cancellationToken: ct);

        // Act
        var conflict = Assert.IsType<RunResult>(await fixture.Client.AggAsync(new AggRequest { Config = "atl06", Catalog = reversedCatalog, Store = store },
            cancellationToken: ct)).Summary;
        var overwritten = Assert.IsType<RunResult>(await fixture.Client.AggAsync(
            new AggRequest { Config = "atl06", Catalog = reversedCatalog, Store = store, Overwrite = true }, cancellationToken: ct)).Summary;

        // Assert
        Assert.Equal(RunStatus.Failed, conflict.Status);
        Assert.Contains("catalog cells: store ", conflict.Error, StringComparison.Ordinal);
        Assert.Equal((RunStatus.Completed, 0), (overwritten.Status, overwritten.CellsError));
        await StoreAssert.HasCoordinatesOfAsync(store, reversedCatalog, ct);
    }

    [Fact]
    public async Task Agg_TheSameStoreSpelledTwoWays_IsOneStore()
    {
        var ct = TestContext.Current.CancellationToken;
        var plain = Path.Combine(_root, "spelled.zarr");
        var odd = _root + "//./spelled.zarr/";
        await fixture.Client.AggAsync(new AggRequest { Config = "atl06", Catalog = SmallCatalog, Store = odd }, cancellationToken: ct);
        fixture.Granules.Reset();

        var second = Assert.IsType<RunResult>(await fixture.Client.AggAsync(new AggRequest { Config = "atl06", Catalog = SmallCatalog, Store = plain },
            cancellationToken: ct)).Summary;

        Assert.Equal((RunStatus.Completed, plain, 5), (second.Status, second.StorePath, second.CellsUpToDate));
        Assert.Empty(fixture.Granules.Opened);
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }

        Folders.DeleteBestEffort(_root);
    }
}
