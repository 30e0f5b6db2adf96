using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Magg.Orleans.Synthetic;
using Magg.Orleans.TestSupport.Cmr;

namespace Magg.Orleans.Cli.Tests;

/// <summary>
/// From CMR to a Zarr store: the demo's synthetic granules are published by the CMR look-alike with footprints along
/// their ground tracks, <c>catalog</c> builds the catalog, and a real <c>submit</c> aggregates them. Every cell of the
/// demo region must hold exactly the generator's ground-truth count: a granule the catalog missed would show.
/// </summary>
[Collection(EmbeddedSiloGroup.Name)]
public sealed class CatalogToRunTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task CatalogThenSubmit_DemoGranules_EveryRegionCellHasItsGroundTruthCount()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataset = await DemoDatasetBuilder.CreateAsync(_folder.Path, DemoOptions.Antarctica with { ParentCells = 8, TargetObservations = 100_000 }, ct);
        var items = dataset.Tracks.Select((track, i) => UmmGranules.Item(Path.GetFileNameWithoutExtension(dataset.Granules[i]), track.StartTime, [SyntheticFootprint.Of(track)])).ToList();
        await using var cmr = await FakeCmrServer.StartAsync(items, cancellationToken: ct);
        var built = _folder.Combine("from-cmr.json");

        var catalog = await CliRun.InvokeAsync("catalog", "--cycle", "22", "--cmr-url", cmr.SearchRoot, "--output", built);
        Assert.True(catalog.ExitCode == MaggCli.Success, catalog.ToString());

        // The granules are on disk here, not in NSIDC's bucket: list them by their local path, as a user with a copy would.
        var document = JsonNode.Parse(await File.ReadAllTextAsync(built, ct))!;
        foreach (var (_, granules) in document["catalog"]!.AsObject())
        {
            var list = granules!.AsArray();
            for (var i = 0; i < list.Count; i++)
            {
                list[i] = $"{DemoDatasetBuilder.GranulesFolder}/{Path.GetFileName(list[i]!.GetValue<string>())}";
            }
        }

        var local = _folder.Combine("local.json");
        await File.WriteAllTextAsync(local, document.ToJsonString(), ct);
        var store = _folder.Combine("out.zarr");

        var run = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", local, "--store", store, "--max-workers", "2");

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        Assert.Equal("0", run.Field("cells_error"));
        var keys = document["catalog"]!.AsObject().Select(p => long.Parse(p.Key, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        foreach (var cell in dataset.Cells)
        {
            var index = keys.IndexOf(cell.ParentMorton);
            Assert.True(index >= 0, $"region cell {cell.ParentMorton} is not in the catalog built from CMR");
            var chunk = Path.Combine(store, "12", "count", "c", index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var bytes = await File.ReadAllBytesAsync(chunk, ct);
            long count = 0;
            for (var offset = 0; offset < bytes.Length; offset += 4)
            {
                count += BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
            }

            Assert.Equal(cell.ExpectedObservations, count);
        }
    }

    public void Dispose() => _folder.Dispose();
}
