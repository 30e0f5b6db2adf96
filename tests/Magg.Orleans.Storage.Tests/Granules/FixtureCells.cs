using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Storage.Tests.Granules;

/// <summary>The fixtures' cells, their granules as S3 objects, and processing a cell from local files or a remote source.</summary>
internal static class FixtureCells
{
    public static CompiledPipeline Pipeline { get; } = new(BuiltInConfigs.Get("atl06"));

    /// <summary>Every (fixture, cell key) of the fixtures' S3 catalogs.</summary>
    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var fixture in TestData.FixtureNames)
        {
            foreach (var cell in LoadS3Catalog(fixture).Cells)
            {
                data.Add(fixture, cell.ParentMorton.ToString(CultureInfo.InvariantCulture));
            }
        }

        return data;
    }

    /// <summary>The fixture's <c>catalog_s3.json</c>, with <c>https_base</c> replaced when given.</summary>
    public static GranuleCatalog LoadS3Catalog(string fixture, string? httpsBase = null)
    {
        var path = Path.Combine(TestData.Fixture(fixture), "catalog_s3.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        if (httpsBase is not null)
        {
            root["metadata"]!["https_base"] = httpsBase;
        }

        return GranuleCatalog.Parse(root.ToJsonString(), Path.GetDirectoryName(path), path);
    }

    /// <summary>Every S3 object of the fixtures: bucket, key and the local file holding its bytes.</summary>
    public static IReadOnlyList<(string Bucket, string Key, string File)> S3Objects() =>
        TestData.FixtureNames
            .SelectMany(fixture => LoadS3Catalog(fixture).Cells.SelectMany(c => c.Granules)
                .Select(url => new Uri(url))
                .Select(uri => (uri.Host, uri.AbsolutePath[1..], LocalFile(fixture, uri))))
            .Distinct()
            .ToArray();

    /// <summary>The granule file of an S3 URL of a fixture (same file name, in the fixture's granules folder).</summary>
    public static string LocalFile(string fixture, Uri s3Url) => Path.Combine(TestData.Fixture(fixture), "granules", Path.GetFileName(s3Url.AbsolutePath));

    /// <summary>The cell processed from the fixture's local files (<c>catalog.json</c>).</summary>
    public static async Task<CellResult> ProcessLocallyAsync(string fixture, long parentMorton, CancellationToken cancellationToken)
    {
        var catalog = await GranuleCatalog.LoadAsync(Path.Combine(TestData.Fixture(fixture), "catalog.json"), cancellationToken);
        var addresses = catalog.GetCell(parentMorton).Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray();
        return await ProcessAsync(new LocalGranuleSource(), parentMorton, addresses, cancellationToken);
    }

    /// <summary>The cell of <paramref name="catalog"/> processed through <paramref name="source"/> with <paramref name="driver"/> addresses.</summary>
    public static Task<CellResult> ProcessAsync(IGranuleSource source, GranuleCatalog catalog, long parentMorton, GranuleDriver driver,
        CancellationToken cancellationToken)
    {
        var addresses = catalog.GetCell(parentMorton).Granules.Select(g => GranuleLocator.Resolve(g, driver, catalog)).ToArray();
        return ProcessAsync(source, parentMorton, addresses, cancellationToken);
    }

    /// <summary>Asserts both results hold the same outcome counts and byte-identical columns.</summary>
    public static void AssertSame(CellResult expected, CellResult actual)
    {
        Assert.Empty(actual.Outcome.Failures);
        Assert.Equal(
            (expected.Outcome.Error, expected.Outcome.TotalObservations, expected.Outcome.CellsWithData, expected.Outcome.FilesProcessed),
            (actual.Outcome.Error, actual.Outcome.TotalObservations, actual.Outcome.CellsWithData, actual.Outcome.FilesProcessed));
        Assert.NotNull(expected.Table);
        Assert.NotNull(actual.Table);
        AssertSame(expected.Table, actual.Table);
    }

    private static void AssertSame(ChildTable expected, ChildTable actual)
    {
        Assert.Equal((expected.ParentMorton, expected.ChildOrder), (actual.ParentMorton, actual.ChildOrder));
        var expectedColumns = expected.Columns.ToArray();
        var actualColumns = actual.Columns.ToArray();
        Assert.Equal(expectedColumns.Select(c => (c.Name, c.DataType)), actualColumns.Select(c => (c.Name, c.DataType)));
        for (var i = 0; i < expectedColumns.Length; i++)
        {
            Assert.True(expectedColumns[i].Bytes.SequenceEqual(actualColumns[i].Bytes), $"column {expectedColumns[i].Name} differs");
        }
    }

    private static Task<CellResult> ProcessAsync(IGranuleSource source, long parentMorton, IReadOnlyList<Uri> addresses, CancellationToken cancellationToken) =>
        new CellProcessor(source, TimeProvider.System, NullLogger<CellProcessor>.Instance)
            .ProcessAsync(parentMorton, addresses, Pipeline, cancellationToken);
}
