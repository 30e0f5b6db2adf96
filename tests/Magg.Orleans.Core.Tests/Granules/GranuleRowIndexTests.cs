using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>Cells read through the row index (coordinates of their own rows only) equal cells read from scratch.</summary>
public sealed class GranuleRowIndexTests
{
    [Theory]
    [InlineData("small")]
    [InlineData("north")]
    public async Task ProcessAsync_WithLearnedRowIndex_GivesIdenticalTables(string fixture)
    {
        var ct = TestContext.Current.CancellationToken;
        var catalog = await GranuleCatalog.LoadAsync(Path.Combine(TestData.Fixture(fixture), "catalog.json"), ct);
        var config = BuiltInConfigs.Get("atl06");
        var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
        var shared = new CompiledPipeline(config);
        foreach (var cell in catalog.Cells.Concat(catalog.Cells))
        {
            var addresses = cell.Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray();

            var fresh = await processor.ProcessAsync(cell.ParentMorton, addresses, new CompiledPipeline(config), ct);
            var indexed = await processor.ProcessAsync(cell.ParentMorton, addresses, shared, ct);

            Assert.Equal(fresh.Outcome.TotalObservations, indexed.Outcome.TotalObservations);
            foreach (var (a, b) in fresh.Table!.Columns.Zip(indexed.Table!.Columns))
            {
                Assert.True(a.Bytes.SequenceEqual(b.Bytes), $"{a.Name} of cell {cell.ParentMorton} differs when read through the index");
            }
        }

        Assert.True(shared.Reader.RowIndex.Count > 0);
    }

    [Fact]
    public void Learn_RecordsFirstAndLastRowOfEachParent()
    {
        var index = new GranuleRowIndex();
        long parentA = 5L << 24, parentB = 7L << 24; // order-6 parents as order-18 pixels: shift 2 * 12
        long[] pixels = [parentA, -1, parentA + 3, parentB, parentA + 1, -1];

        index.Learn("g", 100, "gt1l", 6, pixels);

        Assert.True(index.TryGet("g", 100, "gt1l", 6, out var ranges));
        Assert.Equal((0, 4), ranges[5]);
        Assert.Equal((3, 3), ranges[7]);
        Assert.False(index.TryGet("g", 101, "gt1l", 6, out _));
    }
}
