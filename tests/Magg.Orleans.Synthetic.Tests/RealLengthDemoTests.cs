using Magg.Orleans.Core.Catalog;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Synthetic.Tests;

/// <summary>Fixed-length granules (as real ATL06 ones) and catalogs listing every cell they cross (as <see cref="DemoOptions.RealLength"/>).</summary>
public sealed class RealLengthDemoTests
{
    [Fact]
    public async Task CreateAsync_SegmentsPerBeamAndEveryCrossedCell_FixedLengthGranulesAndEveryRowInTheCatalog()
    {
        // Arrange: RealLength in miniature.
        using var folder = new TemporaryFolder();
        var options = DemoOptions.RealLength with { Granules = 3, SegmentsPerBeam = 12_000, ParentCells = 4, Granule = new SyntheticOptions { ChunkSize = 1_000 } };

        // Act
        var dataset = await DemoDatasetBuilder.CreateAsync(folder.Path, options, TestContext.Current.CancellationToken);
        var catalog = await GranuleCatalog.LoadAsync(dataset.CatalogPath, TestContext.Current.CancellationToken);

        // Assert: every granule has the fixed length, and the catalog's cells hold every segment with coordinates.
        Assert.Equal(3, dataset.Granules.Count);
        Assert.Equal(3L * 6 * 12_000, dataset.Observations);
        Assert.True(dataset.Cells.Count > 4, $"{dataset.Cells.Count} cells: 240 km granules cross more than the 4 cells of the region");
        Assert.Equal(dataset.Observations, dataset.Cells.Sum(c => c.Rows), 0.001 * dataset.Observations);
        Assert.Equal(12_000, catalog.Metadata.Raw["synthetic"]!["options"]!["segments_per_beam"]!.GetValue<int>());
        Assert.True(catalog.Metadata.Raw["synthetic"]!["options"]!["catalog_every_crossed_cell"]!.GetValue<bool>());
        Assert.Equal(dataset.Cells.Select(c => c.ParentMorton), catalog.Cells.Select(c => c.ParentMorton));
    }
}
