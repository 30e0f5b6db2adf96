using System.Text.Json.Nodes;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Security;
using Magg.Orleans.TestSupport;
using Parquet.Serialization;

namespace Magg.Orleans.Catalog.Tests;

/// <summary>GeoParquet catalogs through the one catalog loader: what is not a magg catalog, and the same caps as JSON.</summary>
public sealed class ParquetCatalogTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Load_ParquetWithoutCatalogMetadata_SaysItIsNotAMaggCatalog()
    {
        var path = await WriteAsync([Row("s3://b/a.h5", -3131311)], metadata: null);

        var error = await Assert.ThrowsAsync<CatalogException>(() => GranuleCatalog.LoadAsync(path, TestContext.Current.CancellationToken));

        Assert.Contains("not a magg catalog", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ParquetOverTheCellCap_IsRefusedLikeJson()
    {
        var path = await WriteAsync([Row("s3://b/a.h5", -3131311, -3131312, -3131313)], Metadata(6, 3));

        var error = await Assert.ThrowsAsync<CatalogException>(() => GranuleCatalog.LoadAsync(path, new InputLimits { MaxCatalogCells = 2 }, TestContext.Current.CancellationToken));

        Assert.Contains("MaxCatalogCells", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_Parquet_GivesCellsInAscendingOrderWithGranulesInRowOrder()
    {
        var path = await WriteAsync([Row("s3://b/1.h5", -3131312, -3131311), Row("s3://b/2.h5", -3131311)], Metadata(6, 2));

        var catalog = await GranuleCatalog.LoadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal([-3131312L, -3131311L], catalog.Cells.Select(c => c.ParentMorton));
        Assert.Equal(["s3://b/1.h5", "s3://b/2.h5"], catalog.Cells[1].Granules);
    }

    public void Dispose() => _folder.Dispose();

    private static CatalogParquetRow Row(string url, params long[] cells) => new() { GranuleId = url, S3Url = url, Cells = [.. cells] };

    private static JsonObject Metadata(int order, int cells) => new() { ["parent_order"] = order, ["total_cells"] = cells };

    private async Task<string> WriteAsync(List<CatalogParquetRow> rows, JsonObject? metadata)
    {
        var path = _folder.File($"{Guid.NewGuid():N}.parquet");
        var custom = metadata is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [GranuleCatalogParquet.MetadataKey] = metadata.ToJsonString() };
        await ParquetSerializer.SerializeAsync(rows, path, customMetadata: custom, cancellationToken: TestContext.Current.CancellationToken);
        return path;
    }
}
