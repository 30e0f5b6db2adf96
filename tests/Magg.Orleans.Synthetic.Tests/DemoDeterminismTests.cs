using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Synthetic.Tests;

/// <summary>Small demo data sets: determinism from the seed, and ground truth in the northern hemisphere.</summary>
public sealed class DemoDeterminismTests
{
    private static readonly DemoOptions Small = new() { ParentCells = 6, TargetObservations = 300_000, Seed = 7 };

    [Fact]
    public async Task CreateAsync_SameSeedTwice_ByteIdenticalFiles()
    {
        // Arrange
        using var first = new TemporaryFolder();
        using var second = new TemporaryFolder();
        using var other = new TemporaryFolder();

        // Act
        await DemoDatasetBuilder.CreateAsync(first.Path, Small, TestContext.Current.CancellationToken);
        await DemoDatasetBuilder.CreateAsync(second.Path, Small with { MaxParallelism = 1 }, TestContext.Current.CancellationToken);
        await DemoDatasetBuilder.CreateAsync(other.Path, Small with { Seed = 8 }, TestContext.Current.CancellationToken);

        // Assert
        var files = RelativeFiles(first.Path);
        Assert.Contains("catalog.json", files);
        Assert.Contains("catalog_s3.json", files);
        Assert.True(files.Count(f => f.EndsWith(".h5", StringComparison.Ordinal)) >= 2);
        Assert.Equal(files, RelativeFiles(second.Path));
        Assert.All(files, f => Assert.True(
            File.ReadAllBytes(Path.Combine(first.Path, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second.Path, f))), $"{f} differs"));
        Assert.NotEqual(File.ReadAllText(Path.Combine(first.Path, "catalog.json")), File.ReadAllText(Path.Combine(other.Path, "catalog.json")));
    }

    [Fact]
    public async Task ProcessAsync_GreenlandDemo_PositiveMortonsAndTotalObsEqualsGroundTruth()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        var dataset = await DemoDatasetBuilder.CreateAsync(folder.Path, DemoOptions.Greenland with { ParentCells = 4, TargetObservations = 200_000 },
            TestContext.Current.CancellationToken);
        var catalog = await GranuleCatalog.LoadAsync(dataset.CatalogPath, TestContext.Current.CancellationToken);
        var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
        var pipeline = new CompiledPipeline(BuiltInConfigs.Get("atl06"));

        // Act
        var totals = new List<(long, long)>();
        foreach (var cell in catalog.Cells)
        {
            var addresses = cell.Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray();
            var result = await processor.ProcessAsync(cell.ParentMorton, addresses, pipeline, TestContext.Current.CancellationToken);
            totals.Add((cell.ParentMorton, result.Outcome.TotalObservations));
        }

        // Assert
        Assert.Equal(4, dataset.Cells.Count);
        Assert.All(dataset.Cells, c => Assert.True(c.ParentMorton > 0));
        Assert.Equal(dataset.Cells.Select(c => (c.ParentMorton, c.ExpectedObservations)), totals);
    }

    private static string[] RelativeFiles(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order(StringComparer.Ordinal).ToArray();
}
