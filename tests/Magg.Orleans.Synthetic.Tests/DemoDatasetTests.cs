using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Synthetic.Tests;

/// <summary>The default demo data set: its shape, its catalog, and processing every cell against the ground truth.</summary>
public sealed class DemoDatasetTests(DefaultDemoFixture demo) : IClassFixture<DefaultDemoFixture>
{
    [Fact]
    public void CreateAsync_DefaultOptions_About40CellsAndAbout2MillionSegmentsNearDomeC()
    {
        var dataset = demo.Dataset;
        Assert.Equal(40, dataset.Cells.Count);
        Assert.InRange(dataset.Observations, 1_500_000, 3_000_000);
        Assert.InRange(dataset.Granules.Count, 8, 16);
        Assert.All(dataset.Cells, c => Assert.True(c.ParentMorton < 0, "Antarctic cells have negative mortons"));
        Assert.All(dataset.Cells, c => Assert.True(c.ExpectedObservations > 0 && c.ExpectedObservations <= c.Rows));
        Assert.Equal(Enumerable.Range(0, dataset.Cells.Count), dataset.Cells.Select(c => c.ChunkIndex));
        Assert.All(dataset.Granules, g => Assert.True(File.Exists(Path.Combine(dataset.Folder, g)), g));
        Assert.Equal(dataset.Bytes, dataset.Granules.Sum(g => new FileInfo(Path.Combine(dataset.Folder, g)).Length));
    }

    [Fact]
    public async Task LoadAsync_DemoCatalogs_LoadInKeyOrderWithResolvableGranules()
    {
        // Act
        var catalog = await GranuleCatalog.LoadAsync(demo.Dataset.CatalogPath, TestContext.Current.CancellationToken);
        var s3Catalog = await GranuleCatalog.LoadAsync(demo.Dataset.S3CatalogPath, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(6, catalog.Metadata.ParentOrder);
        Assert.Equal("ATL06", catalog.Metadata.ShortName);
        Assert.Equal(demo.Dataset.Cells.Count, catalog.TotalCells);
        Assert.Equal(demo.Dataset.Cells.Select(c => (c.ParentMorton, c.ChunkIndex)), catalog.Cells.Select(c => (c.ParentMorton, c.ChunkIndex)));
        Assert.Equal(demo.Dataset.Cells.Select(c => c.Granules), catalog.Cells.Select(c => c.Granules));
        Assert.All(catalog.Cells.SelectMany(c => c.Granules), g => Assert.StartsWith("granules/ATL06_", g, StringComparison.Ordinal));
        Assert.All(catalog.Cells.SelectMany(c => c.Granules),
            g => Assert.True(File.Exists(GranuleLocator.Resolve(g, GranuleDriver.S3, catalog).LocalPath), g));
        Assert.Equal(demo.Dataset.ExpectedObservations, catalog.Metadata.Raw["synthetic"]!["expected_total_obs"]!.GetValue<long>());

        Assert.Equal("s3://magg-synthetic/ATLAS", s3Catalog.Metadata.S3Base);
        var first = s3Catalog.Cells[0].Granules[0];
        Assert.Equal($"s3://magg-synthetic/ATLAS/{catalog.Cells[0].Granules[0]}", first);
        Assert.Equal($"https://data.example.invalid/magg-synthetic/ATLAS/{catalog.Cells[0].Granules[0]}",
            GranuleLocator.Resolve(first, GranuleDriver.Https, s3Catalog).AbsoluteUri);
    }

    [Fact]
    public async Task ProcessAsync_EveryDemoCell_TotalObsEqualsGroundTruth()
    {
        // Arrange
        var catalog = await GranuleCatalog.LoadAsync(demo.Dataset.CatalogPath, TestContext.Current.CancellationToken);
        var pipeline = new CompiledPipeline(BuiltInConfigs.Get("atl06"));
        var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);

        // Act
        var outcomes = new CellOutcome[catalog.Cells.Count];
        await Parallel.ForEachAsync(catalog.Cells, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = TestContext.Current.CancellationToken },
            async (cell, ct) =>
            {
                var addresses = cell.Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray();
                var result = await processor.ProcessAsync(cell.ParentMorton, addresses, pipeline, ct);
                Assert.NotNull(result.Table);
                Assert.Equal(result.Outcome.TotalObservations, Enumerable.Range(0, result.Table.Length).Sum(i => (long)result.Table["count"][i]));
                outcomes[cell.ChunkIndex] = result.Outcome;
            });

        // Assert
        Assert.Equal(demo.Dataset.Cells.Select(c => (c.ParentMorton, c.ExpectedObservations, (string?)null, c.Granules.Count, c.Granules.Count, 0, 0)),
            outcomes.Select(o => (o.ParentMorton, o.TotalObservations, o.Error, o.GranuleCount, o.FilesProcessed, o.GranulesFailed, o.GroupsFailed)));
        Assert.Equal(demo.Dataset.ExpectedObservations, outcomes.Sum(o => o.TotalObservations));
    }
}

/// <summary>The default demo, generated once into a temp folder for the tests of <see cref="DemoDatasetTests"/>.</summary>
public sealed class DefaultDemoFixture : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();

    public DemoDataset Dataset { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Dataset = await DemoDatasetBuilder.CreateAsync(_folder.Path, new DemoOptions(), TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
