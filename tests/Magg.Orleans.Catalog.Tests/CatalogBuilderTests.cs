using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Catalog.Cmr;
using Magg.Orleans.Catalog.Tests.Support;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Synthetic;
using Magg.Orleans.TestSupport;
using Magg.Orleans.TestSupport.Cmr;
using Parquet;

namespace Magg.Orleans.Catalog.Tests;

/// <summary>
/// CatalogBuilder end to end against the CMR look-alike: a cycle of ground-track granules over the Antarctic cap, the
/// catalog rules (keys ascending, CMR order, each granule once, skips counted), JSON and GeoParquet read back through
/// the one catalog loader into the same run plan.
/// </summary>
public sealed class CatalogBuilderTests : IDisposable
{
    private const int Order = 6;
    private readonly TemporaryFolder _folder = new();

    private static CatalogBuilder Builder => new(new CmrClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10) });

    private static CatalogQuery Query(FakeCmrServer cmr) => CatalogQuery.ForCycle(22) with { CmrUrl = cmr.SearchRoot, PageSize = 250 };

    [Fact]
    public async Task Build_CycleOverTheAntarcticCap_ListsEveryOracleOverlapInCmrOrder()
    {
        var items = UmmGranules.Cycle(250, seed: 11, -88, -58);
        var extras = OddGranules();
        var all = items.Concat(extras.Select(e => e.Item)).ToList();
        await using var cmr = await FakeCmrServer.StartAsync(all, cancellationToken: TestContext.Current.CancellationToken);
        cmr.Fail503OncePage = 1;
        var reports = new List<CatalogProgress>();

        var catalog = await Builder.BuildAsync(Query(cmr), new SynchronousProgress<CatalogProgress>(reports.Add), TestContext.Current.CancellationToken);

        // Every (granule, cell) overlap the oracle sees inside the cap is listed; extras only where a footprint passes within metres.
        var cap = CapOracle.CapCells(Order, -60);
        var expected = new Dictionary<long, List<string>>();
        var used = items.Select(i => (Item: i, Ring: Ring(i))).Concat(extras.Where(e => e.Footprint is not null).Select(e => (e.Item, Ring: e.Footprint!)));
        foreach (var (item, ring) in used)
        {
            foreach (var cell in CapOracle.FootprintCells(ring, Order).Where(cap.Contains))
            {
                var morton = Morton.FromNested(cell, Order);
                if (!expected.TryGetValue(morton, out var list))
                {
                    expected[morton] = list = [];
                }

                list.Add(UmmGranules.S3Url(item));
            }
        }

        var listed = catalog.Cells.ToDictionary(c => c.Key, c => c.Value);
        var missing = expected.SelectMany(e => e.Value.Where(g => !listed.TryGetValue(e.Key, out var l) || !l.Contains(g)).Select(g => (e.Key, g))).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} overlaps missed, e.g. {string.Join("; ", missing.Take(3))}");
        var pairs = catalog.Cells.Sum(c => c.Value.Count);
        Assert.True(pairs - expected.Sum(e => e.Value.Count) <= pairs / 100 + 1, $"{pairs} pairs listed for {expected.Sum(e => e.Value.Count)} expected");

        // Keys ascending (numeric); granules in CMR order, each once.
        Assert.Equal(catalog.Cells.Select(c => c.Key).Order(), catalog.Cells.Select(c => c.Key));
        var rank = all.Select((item, i) => (Url: item.ToJsonString().Contains("DIRECT ACCESS", StringComparison.Ordinal) ? UmmGranules.S3Url(item) : "", i)).GroupBy(x => x.Url).ToDictionary(g => g.Key, g => g.First().i);
        Assert.All(catalog.Cells, c => Assert.Equal(c.Value.OrderBy(g => rank[g]), c.Value));
        Assert.All(catalog.Cells, c => Assert.Equal(c.Value.Count, c.Value.Distinct().Count()));

        var summary = catalog.Summary;
        Assert.Equal(all.Count, summary.GranulesFound);
        Assert.Equal((1, 1, 1, 1), (summary.Skipped[SkipReason.NoS3Url], summary.Skipped[SkipReason.NoFootprint], summary.Skipped[SkipReason.OutsideArea], summary.Skipped[SkipReason.Duplicate]));
        Assert.Equal(all.Count - 4, summary.GranulesUsed + summary.Skipped[SkipReason.OutsideArea] - 1);
        Assert.Equal(catalog.Cells.Count, summary.Cells);
        Assert.Equal(catalog.Cells.Min(c => c.Value.Count), summary.GranulesPerCellMin);
        Assert.Equal(2, summary.Pages);
        Assert.Contains(reports, r => r.Phase == CatalogPhase.Searching && r.Pages == 1 && r.Hits == all.Count);
        Assert.Equal(CatalogPhase.Done, reports[^1].Phase);

        var metadata = catalog.Metadata;
        Assert.Equal(["short_name", "version", "provider", "start_date", "end_date", "parent_order", "total_granules", "total_cells", "created", "cycle", "bbox", "area", "granules_used", "s3_base", "https_base"],
            metadata.Select(p => p.Key));
        Assert.Equal(("2024-01-06", "2024-04-06", 22), ((string?)metadata["start_date"], (string?)metadata["end_date"], (int?)metadata["cycle"]));
        Assert.Equal((UmmGranules.S3Base, UmmGranules.HttpsBase), ((string?)metadata["s3_base"], (string?)metadata["https_base"]));
        Assert.Equal(all.Count, (int?)metadata["total_granules"]);
        Assert.Equal("[-180,-90,180,-60]", metadata["bbox"]!.ToJsonString());
    }

    [Fact]
    public async Task Save_JsonAndGeoParquet_LoadThroughTheCatalogLoaderIntoTheSameRunPlan()
    {
        var items = UmmGranules.Cycle(150, seed: 12, -88, -62);
        await using var cmr = await FakeCmrServer.StartAsync(items, cancellationToken: TestContext.Current.CancellationToken);
        var catalog = await Builder.BuildAsync(Query(cmr), cancellationToken: TestContext.Current.CancellationToken);
        var json = _folder.File("catalog.json");
        var parquet = _folder.File("catalog.parquet");

        await catalog.SaveAsync(json, TestContext.Current.CancellationToken);
        await catalog.SaveAsync(parquet, TestContext.Current.CancellationToken);

        var fromJson = await GranuleCatalog.LoadAsync(json, TestContext.Current.CancellationToken);
        var fromParquet = await GranuleCatalog.LoadAsync(parquet, TestContext.Current.CancellationToken);
        Assert.Equal(catalog.Cells.Select(c => c.Key), fromJson.Cells.Select(c => c.ParentMorton));
        Assert.Equal(fromJson.Cells.Select(c => (c.ParentMorton, c.ChunkIndex, string.Join('|', c.Granules))),
            fromParquet.Cells.Select(c => (c.ParentMorton, c.ChunkIndex, string.Join('|', c.Granules))));
        Assert.Equal(fromJson.Metadata.Raw.ToJsonString(), fromParquet.Metadata.Raw.ToJsonString());

        foreach (var driver in new[] { "s3", "https" })
        {
            var planJson = await Plan(json, driver);
            var planParquet = await Plan(parquet, driver);
            Assert.Equal(Describe(planJson), Describe(planParquet));
            Assert.Equal(catalog.Cells.Count, planJson.Header.TotalCatalogCells);
        }

        // GeoParquet 1.1: geo metadata with spherical edges, WKB geometry, one row per listed granule.
        var stream = File.OpenRead(parquet);
        await using (stream)
        {
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: TestContext.Current.CancellationToken);
            var geo = JsonNode.Parse(reader.CustomMetadata["geo"])!;
            Assert.Equal("1.1.0", (string?)geo["version"]);
            Assert.Equal("spherical", (string?)geo["columns"]!["geometry"]!["edges"]);
            Assert.Equal("WKB", (string?)geo["columns"]!["geometry"]!["encoding"]);
            Assert.Equal(catalog.Granules.Count, reader.Metadata!.NumRows);
        }
    }

    [Fact]
    public async Task Build_UnknownShortName_FailsWithoutACatalog()
    {
        await using var cmr = await FakeCmrServer.StartAsync(UmmGranules.Cycle(5, 1, -80, -70), cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<CatalogSearchException>(() => Builder.BuildAsync(Query(cmr) with { ShortName = "ATL99" }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("found no granules for short_name ATL99", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<RunPlan> Plan(string catalog, string driver) =>
        await RunPlanner.PlanAsync(new AggRequest { Config = "atl06", Catalog = catalog, Store = "/tmp/never-written.zarr", Driver = driver, RunId = "same" },
            TimeProvider.System, TestContext.Current.CancellationToken);

    private static string Describe(RunPlan plan) => string.Join('\n', plan.Batches.Select(b =>
        string.Create(CultureInfo.InvariantCulture, $"{b.BatchIndex} {b.FirstChunkIndex} [{string.Join(',', b.CatalogMortons)}] {string.Join(';', b.Cells.Select(c => $"{c.ChunkIndex}:{c.ParentMorton}:{string.Join(',', c.Granules)}"))}")))
        + $"\n{plan.Header with { RunId = "", Origin = null }}\n{plan.Preview}";

    private static (double Latitude, double Longitude)[] Ring(JsonObject item) =>
        [.. item["umm"]!["SpatialExtent"]!["HorizontalSpatialDomain"]!["Geometry"]!["GPolygons"]![0]!["Boundary"]!["Points"]!.AsArray()
            .Select(p => ((double)p!["Latitude"]!, (double)p["Longitude"]!))];

    /// <summary>Granules the builder must skip or take in odd shapes: no s3 URL, no footprint, outside the cap, a duplicate, clockwise, unclosed.</summary>
    private static List<(string Kind, JsonObject Item, (double Latitude, double Longitude)[]? Footprint)> OddGranules()
    {
        var start = new DateTimeOffset(2024, 4, 6, 12, 0, 0, TimeSpan.Zero);
        var track = Footprints.Track(-75, 100, TrackDirection.Ascending);
        var ring = SyntheticFootprint.Of(track);
        var duplicate = UmmGranules.Item("ATL06_20240406120000_00012211_007_01", start, [ring]);
        return
        [
            ("no s3", UmmGranules.Item("ATL06_20240406120000_00022211_007_01", start, [ring], withS3: false), null),
            ("no footprint", UmmGranules.Item("ATL06_20240406120000_00032211_007_01", start, [[(-70, 10), (-70, 10)]]), null),
            ("outside", UmmGranules.Item("ATL06_20240406120000_00042211_007_01", start, [SyntheticFootprint.Of(Footprints.Track(40, 10, TrackDirection.Ascending, 500))]), null),
            ("first", duplicate, ring),
            ("duplicate", (JsonObject)duplicate.DeepClone(), null),
            ("clockwise", UmmGranules.Item("ATL06_20240406120000_00052211_007_01", start, [[.. ring.Reverse()]]), ring),
            ("unclosed", UmmGranules.Item("ATL06_20240406120000_00062211_007_01", start, [ring[..^1]]), ring),
        ];
    }
}
