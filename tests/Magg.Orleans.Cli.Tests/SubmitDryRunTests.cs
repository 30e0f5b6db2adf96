using System.Globalization;

namespace Magg.Orleans.Cli.Tests;

/// <summary><c>submit --dry-run</c>: magg's dry-run summary of the small fixture, touching nothing.</summary>
public sealed class SubmitDryRunTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Store => _folder.Combine("out.zarr");

    [Fact]
    public async Task DryRun_WholeCatalog_PrintsThePlanAndCreatesNoStore()
    {
        var cells = SmallFixture.Cells();

        var run = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", SmallFixture.Catalog, "--store", Store, "--dry-run");

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        Assert.Equal("true", run.Field("dry_run"));
        Assert.Equal(cells.Count.ToString(CultureInfo.InvariantCulture), run.Field("total_cells"));
        Assert.Equal("5", run.Field("total_cells"));
        Assert.Equal(cells.Min(c => c.Granules).ToString(CultureInfo.InvariantCulture), run.Field("granules_per_cell_min"));
        Assert.Equal(cells.Max(c => c.Granules).ToString(CultureInfo.InvariantCulture), run.Field("granules_per_cell_max"));
        Assert.Equal(cells.Average(c => c.Granules).ToString("F1", CultureInfo.InvariantCulture), run.Field("granules_per_cell_avg"));
        Assert.Equal(Store, run.Field("store_path"));
        Assert.False(Directory.Exists(_folder.Path));
    }

    [Fact]
    public async Task DryRun_MaxCells_SelectsTheFirstCells()
    {
        var run = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", SmallFixture.Catalog, "--store", Store, "--dry-run", "--max-cells", "2");

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        Assert.Equal("2", run.Field("total_cells"));
        Assert.False(Directory.Exists(_folder.Path));
    }

    [Fact]
    public async Task DryRun_MortonCell_SelectsThatCell()
    {
        var (morton, granules) = SmallFixture.Cells()[3];

        var run = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", SmallFixture.Catalog, "--store", Store, "--dry-run", "--morton-cell", morton);

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        Assert.Equal("1", run.Field("total_cells"));
        Assert.Equal(granules.ToString(CultureInfo.InvariantCulture), run.Field("granules_per_cell_max"));
        Assert.False(Directory.Exists(_folder.Path));
    }

    public void Dispose() => _folder.Dispose();
}
