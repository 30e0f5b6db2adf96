using System.Text.Json;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Security;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Magg.Orleans.Grains.Tests;

/// <summary>
/// What the embedded silo allows a run of its own client: the catalog's folder, the catalog's own S3 bucket (of its
/// <c>s3_base</c>) and the store given; nothing else (not the hosts or buckets its entries name, not the store's parent).
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class EmbeddedGrantsTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Theory]
    [InlineData("out.zarr", null)]
    [InlineData("s3://store-bucket/runs/out.zarr", "s3://store-bucket/runs/out.zarr/")]
    public async Task Plan_LocalCatalogWithAnS3Base_GrantsItsFolderItsBucketAndTheStoreOnly(string store, string? expectedStore)
    {
        // Arrange: entries that name another bucket and another host besides the catalog's own.
        var catalog = _folder.File("catalog.json");
        await File.WriteAllTextAsync(catalog, JsonSerializer.Serialize(new
        {
            metadata = new { parent_order = 6, s3_base = "s3://catalog-bucket/ATLAS/ATL06/006" },
            catalog = new Dictionary<string, string[]>
            {
                ["-6121212"] = ["s3://catalog-bucket/ATLAS/ATL06/006/a.h5", "s3://other-bucket/b.h5", "https://elsewhere.example/c.h5", "granules/d.h5"],
            },
        }), TestContext.Current.CancellationToken);
        var location = store.StartsWith("s3://", StringComparison.Ordinal) ? store : _folder.File(store);
        var request = new AggRequest { Config = "atl06", Catalog = catalog, Store = location };

        // Act
        var plan = await RunPlanner.PlanAsync(request, TimeProvider.System, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal([_folder.Path, "s3://catalog-bucket/"], plan.Access.GranuleSources);
        Assert.Equal([expectedStore ?? location], plan.Access.Stores);
    }

    [Fact]
    public async Task Agg_OnTheEmbeddedSilo_AllowsTheCatalogsFolderAndTheStore_AndNothingElse()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var store = _folder.File("small.zarr");
        await using var cluster = await MaggCluster.StartEmbeddedAsync(cancellationToken: ct);
        var policy = cluster.Services.GetRequiredService<AccessPolicy>();
        var (granulesBefore, storesBefore) = (policy.GranuleSources.Count, policy.Stores.Count);

        // Act
        var summary = Assert.IsType<RunResult>(await cluster.Client.AggAsync(
            new AggRequest { Config = "atl06", Catalog = Path.Combine(TestData.Fixture("small"), "catalog.json"), Store = store }, cancellationToken: ct)).Summary;

        // Assert: the run read its granules; the silo now allows exactly the catalog's folder, its s3_base bucket and the
        // store besides what it had.
        Assert.Equal(RunStatus.Completed, summary.Status);
        Assert.Equal([Path.GetFullPath(TestData.Fixture("small")), "s3://synthetic-atl06/"], policy.GranuleSources.Skip(granulesBefore).Select(p => p.Text));
        Assert.Equal([store], policy.Stores.Skip(storesBefore).Select(p => p.Text));
        Assert.NotNull(policy.CheckLocalGranule(Path.Combine(_folder.Path, "elsewhere.h5"), out _));
        Assert.NotNull(policy.CheckStore(_folder.File("other.zarr"), serviceUrl: null));
    }

    public void Dispose() => _folder.Dispose();
}
