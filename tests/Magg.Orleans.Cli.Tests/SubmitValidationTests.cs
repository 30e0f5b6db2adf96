using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Cli.Tests;

/// <summary>
/// Every agg() validation rule of SPEC §7 through <c>submit</c>: exit code 2, an <c>error:</c> line naming the problem,
/// no silo started (nothing printed about a run) and no store created.
/// </summary>
public sealed class SubmitValidationTests : IDisposable
{
    private static readonly string Catalog = Path.Combine(TestData.Fixture("small"), "catalog.json");
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"magg-cli-validation-{Guid.NewGuid():N}");

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { "no-catalog", "No catalog" },
        { "no-store", "No store path" },
        { "backend", "Unknown backend 'x'; choose one of: local, lambda" },
        { "lambda-local-store", "needs an s3:// store" },
        { "morton-cell-absent", "morton_cell 1111111 not in catalog" },
        { "morton-cell-malformed", "--morton-cell 'abc' is not a decimal morton index" },
        { "max-cells", "max_cells must be at least 1, not 0" },
        { "max-workers", "max_workers must be between 1 and 10,000 (a cluster's Magg:Limits:MaxWorkers), not 0" },
        { "driver", "Unknown driver 'ftp'; choose s3 or https" },
        { "compression", "Unknown compression 'lz4'; choose none, zstd or gzip" },
        { "missing-catalog-file", "/nonexistent/catalog.json" },
        { "lambda-architecture", "Unknown Lambda architecture 'sparc'; choose arm64 or x86_64" },
        { "lambda-function", "Lambda function name 'a/b' is not a function name or ARN" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Submit_InvalidRequest_ExitsWithInvalidInputAndNamesTheProblem(string problem, string message)
    {
        var run = await CliRun.InvokeAsync(["submit", .. Arguments(problem)]);

        AssertRejected(run, message);
    }

    [Fact]
    public async Task Submit_BadConfigKey_NamesTheKey()
    {
        var config = Path.Combine(Path.GetTempPath(), $"magg-cli-bad-{Guid.NewGuid():N}.yaml");
        var ct = TestContext.Current.CancellationToken;
        var reference = await File.ReadAllTextAsync(TestData.ReferenceConfig, ct);
        await File.WriteAllTextAsync(config, reference.Replace("function: var\n", "function: variance\n", StringComparison.Ordinal), ct);
        try
        {
            var run = await CliRun.InvokeAsync("submit", "--config", config, "--catalog", Catalog, "--store", _store);

            AssertRejected(run, "aggregation.variables.h_variance.function");
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task Submit_WithoutConfig_IsAParseError()
    {
        var run = await CliRun.InvokeAsync("submit", "--catalog", Catalog, "--store", _store);

        Assert.Equal(MaggCli.InvalidInput, run.ExitCode);
        Assert.Contains("--config", run.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_store));
    }

    public void Dispose()
    {
        if (Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }
    }

    private void AssertRejected(CliRun run, string message)
    {
        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        var error = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("silo", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("status:", run.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_store));
    }

    private string[] Arguments(string problem) => problem switch
    {
        "no-catalog" => ["--config", "atl06", "--store", _store],
        "no-store" => ["--config", "atl06", "--catalog", Catalog],
        "backend" => [.. Valid, "--backend", "x"],
        "lambda-local-store" => [.. Valid, "--backend", "lambda"],
        "morton-cell-absent" => [.. Valid, "--morton-cell", "1111111"],
        "morton-cell-malformed" => [.. Valid, "--morton-cell", "abc"],
        "max-cells" => [.. Valid, "--max-cells", "0"],
        "max-workers" => [.. Valid, "--max-workers", "0"],
        "driver" => [.. Valid, "--driver", "ftp"],
        "compression" => [.. Valid, "--compression", "lz4"],
        "missing-catalog-file" => ["--config", "atl06", "--catalog", "/nonexistent/catalog.json", "--store", _store],
        "lambda-architecture" => ["--config", "atl06", "--catalog", Catalog, "--backend", "lambda", "--store", "s3://b/p", "--lambda-architecture", "sparc"],
        "lambda-function" => ["--config", "atl06", "--catalog", Catalog, "--backend", "lambda", "--store", "s3://b/p", "--function-name", "a/b"],
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };

    private string[] Valid => ["--config", "atl06", "--catalog", Catalog, "--store", _store];
}
