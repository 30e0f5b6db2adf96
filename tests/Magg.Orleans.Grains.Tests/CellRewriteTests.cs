using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Client;
using Magg.Orleans.Grains.Cells;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Grains.Tests;

/// <summary>A rewrite that dies half-way leaves nothing that vouches for the half-old chunk: not the grain's record, not the stamp.</summary>
[Collection(SharedCluster.Name)]
public sealed class CellRewriteTests(ClusterFixture fixture) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"magg-rewrite-{Guid.NewGuid():N}");
    private readonly string _editedCatalog = Path.Combine(TestData.Fixture("small"), $"catalog-rewrite-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task Agg_RewriteFailingAtAChunkWrite_LeavesTheCellWithoutRecordOrStamp()
    {
        // Arrange: the small fixture written; then cell 1 loses a granule, and one of its chunk files cannot be replaced.
        var ct = TestContext.Current.CancellationToken;
        var store = Path.Combine(_root, "out.zarr");
        var catalog = Path.Combine(TestData.Fixture("small"), "catalog.json");
        var first = Assert.IsType<RunResult>(await fixture.Client.AggAsync(new AggRequest { Config = "atl06", Catalog = catalog, Store = store }, cancellationToken: ct)).Summary;
        var json = JsonNode.Parse(await File.ReadAllTextAsync(catalog, ct))!.AsObject();
        var cell = json["catalog"]!.AsObject().ElementAt(1);
        cell.Value!.AsArray().RemoveAt(0);
        await File.WriteAllTextAsync(_editedCatalog, json.ToJsonString(), ct);
        var chunk = Path.Combine(store, "12", "h_q50", "c", "1");
        File.Delete(chunk);
        Directory.CreateDirectory(Path.Combine(chunk, "in-the-way"));
        var cellGrain = fixture.Cluster.Client.GetGrain<ICellGrain>(new CellKey(new StoreSpec(store).Id, long.Parse(cell.Key, CultureInfo.InvariantCulture)).ToString());
        var before = fixture.Storage.Get<CellState>("cell", cellGrain.GetGrainId())!;

        // Act
        var rewrite = Assert.IsType<RunResult>(await fixture.Client.AggAsync(new AggRequest { Config = "atl06", Catalog = _editedCatalog, Store = store },
            cancellationToken: ct)).Summary;

        // Assert
        Assert.Equal((RunStatus.Completed, RunStatus.CompletedWithErrors), (first.Status, rewrite.Status));
        Assert.NotNull(before.Fingerprint);
        Assert.Null(fixture.Storage.Get<CellState>("cell", cellGrain.GetGrainId())!.Fingerprint);
        Assert.False(File.Exists(Path.Combine(store, "_magg", "cells", "12", "1.json")));
        Assert.True(File.Exists(Path.Combine(store, "_magg", "cells", "12", "0.json")));
    }

    public void Dispose()
    {
        File.Delete(_editedCatalog);
        Folders.DeleteBestEffort(_root);
    }
}
