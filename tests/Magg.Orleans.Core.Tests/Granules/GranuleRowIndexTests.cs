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

            var fresh = await new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance)
                .ProcessAsync(cell.ParentMorton, addresses, new CompiledPipeline(config), ct);
            var indexed = await processor.ProcessAsync(cell.ParentMorton, addresses, shared, ct);

            Assert.Equal(fresh.Outcome.TotalObservations, indexed.Outcome.TotalObservations);
            foreach (var (a, b) in fresh.Table!.Columns.Zip(indexed.Table!.Columns))
            {
                Assert.True(a.Bytes.SequenceEqual(b.Bytes), $"{a.Name} of cell {cell.ParentMorton} differs when read through the index");
            }
        }

        Assert.True(processor.Cache.BeamCount > 0);
    }
}
