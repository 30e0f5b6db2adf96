using System.Globalization;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Core.Tests.Processing;

/// <summary>ProcessCell over every parent cell of the fixtures reproduces what the Python tool produced.</summary>
public sealed class FixtureCellTests
{
    public static TheoryData<string, string> FixtureCells()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in TestData.FixtureNames)
        {
            foreach (var file in Directory.GetFiles(Path.Combine(TestData.Fixture(fixture), "expected"), "cell_*.csv").Order(StringComparer.Ordinal))
            {
                data.Add(fixture, Path.GetFileNameWithoutExtension(file)["cell_".Length..]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureCells))]
    public async Task ProcessAsync_FixtureCell_MatchesPythonToolAndQualityCount(string fixture, string cellKey)
    {
        // Arrange
        var catalog = await GranuleCatalog.LoadAsync(Path.Combine(TestData.Fixture(fixture), "catalog.json"), TestContext.Current.CancellationToken);
        var cell = catalog.GetCell(long.Parse(cellKey, CultureInfo.InvariantCulture));
        var addresses = cell.Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray();
        var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
        var expected = ExpectedCell.Load(Path.Combine(TestData.Fixture(fixture), "expected", $"cell_{cellKey}.csv"));
        var config = await PipelineConfigLoader.LoadAsync(TestData.ReferenceConfig, TestContext.Current.CancellationToken);
        var quality0 = catalog.Metadata.Raw["synthetic"]!["cell_quality0_segments"]![cellKey]!.GetValue<long>();

        // Act
        var result = await processor.ProcessAsync(cell.ParentMorton, addresses, new CompiledPipeline(config), TestContext.Current.CancellationToken);

        // Assert
        Assert.Null(result.Outcome.Error);
        Assert.NotNull(result.Table);
        Assert.Empty(expected.Differences(result.Table));
        Assert.Equal(quality0, result.Outcome.TotalObservations);
        Assert.Equal((cell.Granules.Count, cell.Granules.Count, 0, 0),
            (result.Outcome.GranuleCount, result.Outcome.FilesProcessed, result.Outcome.GranulesFailed, result.Outcome.GroupsFailed));
        Assert.Equal(expected.Rows.Count(r => r[2] != "0"), result.Outcome.CellsWithData);
    }
}
