using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.TestSupport.Cmr;

namespace Magg.Orleans.Cli.Tests;

/// <summary>
/// <c>catalog</c> against a CMR look-alike on loopback: the catalog it writes (JSON or GeoParquet) feeds
/// <c>submit --dry-run</c>; bad input exits 2 naming the problem, a failed search exits 1 and writes nothing.
/// </summary>
public sealed class CatalogCommandTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private FakeCmrServer _cmr = null!;

    public async ValueTask InitializeAsync()
    {
        _cmr = await FakeCmrServer.StartAsync(UmmGranules.Cycle(300, seed: 3, -88, -60), cancellationToken: TestContext.Current.CancellationToken);
        Directory.CreateDirectory(_folder.Path);
    }

    public async ValueTask DisposeAsync()
    {
        await _cmr.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Catalog_Cycle_WritesJsonAndParquetThatSubmitPlansTheSame()
    {
        var json = _folder.Combine("cycle22.json");
        var parquet = _folder.Combine("cycle22.parquet");

        var run = await CliRun.InvokeAsync("catalog", "--cycle", "22", "--cmr-url", _cmr.SearchRoot, "--page-size", "100", "--output", json);
        var runParquet = await CliRun.InvokeAsync("catalog", "--cycle", "22", "--cmr-url", _cmr.SearchRoot, "--output", parquet);

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        Assert.True(runParquet.ExitCode == MaggCli.Success, runParquet.ToString());
        Assert.StartsWith("300 (CMR hits 300, 3 pages)", run.Field("granules_found"), StringComparison.Ordinal);
        Assert.Equal(json, run.Field("catalog"));
        Assert.Contains(run.OutputLines, l => l.Contains("CMR: page 3, 300/300 granules", StringComparison.Ordinal));
        Assert.Contains("the Antarctic cap south of 60° S", run.Output, StringComparison.Ordinal);
        foreach (var field in new[] { "granules_used", "granules_skipped", "parent_cells", "granules_per_cell_min", "granules_per_cell_max", "granules_per_cell_avg" })
        {
            Assert.Equal(run.Field(field), runParquet.Field(field));
        }

        var cells = int.Parse(run.Field("parent_cells").Split(' ')[0], CultureInfo.InvariantCulture);
        var metadata = JsonNode.Parse(await File.ReadAllTextAsync(json, TestContext.Current.CancellationToken))!["metadata"]!;
        Assert.Equal(cells, (int)metadata["total_cells"]!);
        Assert.Equal("2024-01-06", (string?)metadata["start_date"]);

        var dryJson = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", json, "--store", _folder.Combine("out.zarr"), "--dry-run");
        var dryParquet = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", parquet, "--store", _folder.Combine("out.zarr"), "--dry-run");

        Assert.True(dryJson.ExitCode == MaggCli.Success, dryJson.ToString());
        Assert.Equal(cells.ToString(CultureInfo.InvariantCulture), dryJson.Field("total_cells"));
        Assert.Equal(run.Field("granules_per_cell_max"), dryJson.Field("granules_per_cell_max"));
        Assert.Equal(dryJson.Output, dryParquet.Output);
    }

    public static TheoryData<string[], string> BadInputs => new()
    {
        { [], "give --cycle N, or both --start-date and --end-date" },
        { ["--cycle", "22", "--start-date", "2024-01-01"], "not both" },
        { ["--start-date", "2024-13-01", "--end-date", "2024-02-01"], "--start-date '2024-13-01' is not a date" },
        { ["--start-date", "2024-03-01", "--end-date", "2024-02-01"], "is before --start-date" },
        { ["--cycle", "0"], "numbered from 1" },
        { ["--cycle", "22", "--bbox", "-180,-60,180,-90"], "out of order" },
        { ["--cycle", "22", "--bbox", "0,-95,10,-60"], "latitude out of range" },
        { ["--cycle", "22", "--bbox", "0,-80,10"], "four numbers" },
        { ["--cycle", "22", "--bbox", "0,-80,10,-70", "--polygon", "x.geojson"], "either --polygon or --bbox" },
        { ["--cycle", "22", "--polygon", "missing.geojson"], "cannot read it" },
        { ["--cycle", "22", "--page-size", "5000"], "--page-size 5000" },
        { ["--cycle", "22", "--parent-order", "13"], "--parent-order 13" },
        { ["--cycle", "22", "--config", "nope.yaml"], "nope.yaml" },
        { ["--cycle", "22", "--cmr-url", "ftp://cmr"], "--cmr-url 'ftp://cmr'" },
        { ["--cycle", "22", "--retries", "-1"], "--retries -1" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Catalog_BadInput_Exits2NamingTheProblem(string[] args, string problem)
    {
        var output = _folder.Combine("never.json");

        var run = await CliRun.InvokeAsync(["catalog", "--output", output, .. args]);

        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Theory]
    [InlineData("""{"type": "Polygon", "coordinates": [[[0, -70], [20, -60], [20, -70], [0, -60], [0, -70]]]}""", "self-intersecting")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[0, -70], [20, -70], [20, -60], [0, -60]]]}""", "not closed")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[0, -70], [20, -70], [20, -95], [0, -70]]]}""", "latitude -95 out of range")]
    [InlineData("""{"type": "Polygon", "coord""", "invalid GeoJSON")]
    public async Task Catalog_BadPolygon_Exits2NamingTheProblem(string geojson, string problem)
    {
        var polygon = _folder.Combine("area.geojson");
        await File.WriteAllTextAsync(polygon, geojson, TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync("catalog", "--cycle", "22", "--polygon", polygon, "--cmr-url", _cmr.SearchRoot, "--output", _folder.Combine("never.json"));

        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_ConfigParentOrderDiffersFromTheFlag_Exits2()
    {
        var config = _folder.Combine("grid7.yaml");
        var yaml = await File.ReadAllTextAsync(Magg.Orleans.TestSupport.TestData.ReferenceConfig, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(config, yaml.Replace("    child_order: 12", "    parent_order: 7\n    child_order: 12", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var run = await CliRun.InvokeAsync("catalog", "--cycle", "22", "--config", config, "--parent-order", "6", "--cmr-url", _cmr.SearchRoot);
        var fromConfig = await CliRun.InvokeAsync("catalog", "--cycle", "22", "--config", config, "--cmr-url", _cmr.SearchRoot, "--output", _folder.Combine("order7.json"));
        var submit = await CliRun.InvokeAsync("submit", "--config", config, "--catalog", SmallFixture.Catalog, "--store", _folder.Combine("x.zarr"), "--dry-run");

        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        Assert.Contains("--parent-order 6 differs from the config's output.grid.parent_order 7", run.Error, StringComparison.Ordinal);
        Assert.True(fromConfig.ExitCode == MaggCli.Success, fromConfig.ToString());
        Assert.Equal(7, (int)JsonNode.Parse(await File.ReadAllTextAsync(_folder.Combine("order7.json"), TestContext.Current.CancellationToken))!["metadata"]!["parent_order"]!);
        Assert.True(submit.ExitCode == MaggCli.InvalidInput, submit.ToString());
        Assert.Contains("parent_order 6 differs from the config's output.grid.parent_order 7", submit.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_ConfigBounds_GiveTheDatesAndTheArea()
    {
        var config = _folder.Combine("bounds.yaml");
        var yaml = await File.ReadAllTextAsync(Magg.Orleans.TestSupport.TestData.ReferenceConfig, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(config, yaml.Replace("output:\n", "bounds:\n  temporal:\n    start_date: 2024-02-01\n    end_date: 2024-02-29\n  spatial: [[100, -80], [140, -80], [140, -70], [100, -70]]\noutput:\n", StringComparison.Ordinal),
            TestContext.Current.CancellationToken);
        var output = _folder.Combine("bounds.json");

        var run = await CliRun.InvokeAsync("catalog", "--config", config, "--cmr-url", _cmr.SearchRoot, "--output", output);

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        var metadata = JsonNode.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken))!["metadata"]!;
        Assert.Equal(("2024-02-01", "2024-02-29"), ((string?)metadata["start_date"], (string?)metadata["end_date"]));
        Assert.Equal("2024-02-01T00:00:00Z,2024-02-29T23:59:59Z", _cmr.Requests[^1].Query["temporal"]);
        Assert.StartsWith("100,", _cmr.Requests[^1].Query["bounding_box"], StringComparison.Ordinal);
        Assert.Contains("bounds.spatial", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_UnknownShortName_Exits1AndWritesNothing()
    {
        var output = _folder.Combine("none.json");

        var run = await CliRun.InvokeAsync("catalog", "--cycle", "22", "--short-name", "ATL99", "--cmr-url", _cmr.SearchRoot, "--output", output);

        Assert.True(run.ExitCode == MaggCli.RunFailed, run.ToString());
        Assert.Contains("found no granules for short_name ATL99", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public async Task Catalog_CmrUnreachable_Exits1WithTheUrlAndTheLastError()
    {
        var root = $"http://127.0.0.1:{Magg.Orleans.TestSupport.FreePort.Next()}/search";

        var run = await CliRun.InvokeAsync("catalog", "--cycle", "22", "--cmr-url", root, "--retries", "1", "--output", _folder.Combine("none.json"));

        Assert.True(run.ExitCode == MaggCli.RunFailed, run.ToString());
        Assert.Contains($"CMR unreachable at {root}/granules.umm_json after 2 attempts", run.Error, StringComparison.Ordinal);
        Assert.Contains("HttpRequestException", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_AsARealProcess_WritesTheDefaultFileNameAndSendsTheTokenOnlyToCmr()
    {
        var cli = BuiltCli();
        var start = new ProcessStartInfo("dotnet", [cli, "catalog", "--cycle", "22", "--parent-order", "5", "--cmr-url", _cmr.SearchRoot])
        {
            WorkingDirectory = _folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["EARTHDATA_TOKEN"] = "t0ken-for-cmr";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{output}\n{await stderr}");
        var expected = Path.Combine(_folder.Path, "catalog_ATL06_cycle22_order5.json");
        Assert.True(File.Exists(expected), output);
        Assert.Contains($"catalog: {expected}", output, StringComparison.Ordinal);
        Assert.All(_cmr.Requests, r => Assert.Equal("Bearer t0ken-for-cmr", r.Authorization));
        Assert.DoesNotContain("t0ken", output + await stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("t0ken", await File.ReadAllTextAsync(expected, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>The CLI as its own build wrote it (src/Magg.Orleans.Cli/bin/{configuration}/net10.0), with its own dependencies.</summary>
    private static string BuiltCli()
    {
        var binary = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (binary.Name, binary.Parent!.Name);
        var root = binary;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Magg.Orleans.sln")))
        {
            root = root.Parent;
        }

        var cli = Path.Combine(root?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "Magg.Orleans.Cli", "bin", configuration, framework, "magg-orleans.dll");
        Assert.True(File.Exists(cli), $"{cli} is not built");
        return cli;
    }
}
