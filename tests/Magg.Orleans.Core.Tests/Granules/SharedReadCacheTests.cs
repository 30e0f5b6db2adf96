using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>
/// Cells read through a silo's warm cache (decoded chunks, chunk summaries, open granules shared with the cells read
/// before) equal cells read from scratch, byte for byte.
/// </summary>
public sealed class SharedReadCacheTests
{
    [Theory]
    [InlineData("small")]
    [InlineData("north")]
    public async Task ProcessAsync_ThroughAWarmSharedCache_GivesIdenticalTables(string fixture)
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
                Assert.True(a.Bytes.SequenceEqual(b.Bytes), $"{a.Name} of cell {cell.ParentMorton} differs when read through the shared cache");
            }
        }

        Assert.True(processor.Cache.BeamCount > 0);
        Assert.True(processor.Cache.OpenGranules > 0, "local granules stay open for the next cell");
    }

    [Fact]
    public async Task ProcessAsync_SameCellsAgain_ReusesTheOpenGranulesInsteadOfReopening()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var catalog = await GranuleCatalog.LoadAsync(Path.Combine(TestData.Fixture("small"), "catalog.json"), ct);
        var pipeline = new CompiledPipeline(BuiltInConfigs.Get("atl06"));
        var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
        async Task ProcessAll()
        {
            foreach (var cell in catalog.Cells)
            {
                await processor.ProcessAsync(cell.ParentMorton, cell.Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray(), pipeline, ct);
            }
        }

        // Act
        await ProcessAll();
        var opened = processor.Cache.Statistics.Snapshot().Opens;
        processor.Cache.Chunks.Clear();
        await ProcessAll();

        // Assert: every chunk was decoded again, through granules and datasets opened the first time.
        Assert.Equal(opened, processor.Cache.Statistics.Snapshot().Opens);
        Assert.Equal(catalog.Cells.SelectMany(c => c.Granules).Distinct().Count(), processor.Cache.OpenGranules);
    }

    [Fact]
    public async Task ProcessAsync_GranuleRewrittenBetweenCells_ReadsTheNewContent()
    {
        // Arrange: the same path twice, the second time with other heights and a later write time.
        using var folder = new TemporaryFolder();
        var path = folder.File("rewritten.h5");
        var points = Enumerable.Repeat(TestCell.InChild(5), 30).ToArray();
        void Write(float height) => TestGranule.Write(path, new Dictionary<string, TestBeam>
        {
            ["gt1l"] = TestBeam.Of(points, Enumerable.Repeat(height, 30).ToArray(), Enumerable.Repeat(1f, 30).ToArray()),
        }, chunk: 8);
        var pipeline = new CompiledPipeline(BuiltInConfigs.Get("atl06"));
        var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
        var ct = TestContext.Current.CancellationToken;

        // Act
        Write(100f);
        var before = await processor.ProcessAsync(TestCell.ParentMorton, [new Uri(path)], pipeline, ct);
        Write(250f);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(10));
        var after = await processor.ProcessAsync(TestCell.ParentMorton, [new Uri(path)], pipeline, ct);

        // Assert
        Assert.Equal((100.0, 250.0), (before.Table!["h_max"][5], after.Table!["h_max"][5]));
    }
}
