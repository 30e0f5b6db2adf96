using Magg.Orleans.Client;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Every agg() validation rule of SPEC §7, through MaggClient on a live cluster: the error names the problem and nothing runs.</summary>
[Collection(SharedCluster.Name)]
public sealed class AggValidationTests(ClusterFixture fixture)
{
    private static readonly string Catalog = Path.Combine(TestData.Fixture("small"), "catalog.json");
    private static readonly string Store = Path.Combine(Path.GetTempPath(), $"magg-validation-{Guid.NewGuid():N}");

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "no-catalog", "No catalog" },
        { "no-store", "No store path" },
        { "backend", "Unknown backend 'ec2'; choose one of: local, lambda" },
        { "lambda-local-store", "needs an s3:// store" },
        { "morton-cell", "morton_cell 1111111 not in catalog" },
        { "max-cells", "max_cells must be at least 1" },
        { "max-workers", "max_workers must be between 1 and 10,000" },
        { "driver", "Unknown driver 'ftp'; choose s3 or https" },
        { "compression", "Unknown compression 'lz4'" },
        { "lambda-function", "Lambda function name 'no spaces' is not a function name or ARN" },
        { "lambda-region", "Region 'Mars' is not an AWS region name" },
        { "lambda-architecture", "Unknown Lambda architecture 'sparc'; choose arm64 or x86_64" },
        { "lambda-memory", "the memory 128..10240 MB (not 64)" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task AggAsync_InvalidRequest_FailsWithAClearMessageAndTouchesNothing(string problem, string message)
    {
        fixture.Granules.Reset();

        var error = await Assert.ThrowsAsync<AggRequestException>(() => fixture.Client.AggAsync(Invalid(problem), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Store));
        Assert.Empty(fixture.Granules.Opened);
    }

    [Fact]
    public async Task AggAsync_LambdaDryRun_PlansWithLambdaDefaults()
    {
        var request = Valid with { Backend = AggBackends.Lambda, Store = "s3://bucket/out.zarr", DryRun = true };

        var result = Assert.IsType<DryRunResult>(await fixture.Client.AggAsync(request, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("s3://bucket/out.zarr", result.StorePath);
    }

    [Fact]
    public async Task AggAsync_BadConfig_NamesTheKey()
    {
        var config = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.yaml");
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(TestData.ReferenceConfig, ct)).Replace("function: var", "function: variance", StringComparison.Ordinal), ct);
        try
        {
            var error = await Assert.ThrowsAsync<ConfigException>(() => fixture.Client.AggAsync(Valid with { Config = config }, cancellationToken: TestContext.Current.CancellationToken));
            Assert.Equal("aggregation.variables.h_variance.function", error.Key);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task AggAsync_MissingCatalogFile_SaysWhichFile()
    {
        var error = await Assert.ThrowsAsync<CatalogException>(() => fixture.Client.AggAsync(Valid with { Catalog = "/nonexistent/catalog.json" }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("/nonexistent/catalog.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AggAsync_MaxWorkersAboveCellCount_IsCappedToIt()
    {
        var plan = await RunPlanner.PlanAsync(Valid with { MaxWorkers = 500, MaxCells = 2 }, TimeProvider.System, TestContext.Current.CancellationToken);
        Assert.Equal((2, 2), (plan.Header.MaxWorkers, plan.Header.SelectedCells));
        var lambda = await RunPlanner.PlanAsync(Valid with { Backend = AggBackends.Lambda, Store = "s3://b/p" }, TimeProvider.System, TestContext.Current.CancellationToken);
        Assert.Equal(lambda.Header.SelectedCells, lambda.Header.MaxWorkers);
    }

    private static AggRequest Valid => new() { Config = "atl06", Catalog = Catalog, Store = Store };

    private static AggRequest Invalid(string problem) => problem switch
    {
        "no-catalog" => Valid with { Catalog = null },
        "no-store" => Valid with { Store = null },
        "backend" => Valid with { Backend = "ec2" },
        "lambda-local-store" => Valid with { Backend = AggBackends.Lambda },
        "morton-cell" => Valid with { MortonCell = 1111111 },
        "max-cells" => Valid with { MaxCells = 0 },
        "max-workers" => Valid with { MaxWorkers = -1 },
        "driver" => Valid with { Driver = "ftp" },
        "compression" => Valid with { Compression = "lz4" },
        "lambda-function" => Valid with { Backend = AggBackends.Lambda, Store = "s3://bucket/out.zarr", FunctionName = "no spaces" },
        "lambda-region" => Valid with { Backend = AggBackends.Lambda, Store = "s3://bucket/out.zarr", Region = "Mars" },
        "lambda-architecture" => Valid with { Backend = AggBackends.Lambda, Store = "s3://bucket/out.zarr", LambdaArchitecture = "sparc" },
        "lambda-memory" => Valid with { Backend = AggBackends.Lambda, Store = "s3://bucket/out.zarr", LambdaMemoryMb = 64 },
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };
}
