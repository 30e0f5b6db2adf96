namespace Magg.Orleans.Cli.Tests;

/// <summary><c>demo</c>: a small synthetic data set generated and aggregated on an embedded silo.</summary>
[Collection(EmbeddedSiloGroup.Name)]
public sealed class DemoCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Demo_SmallRegion_MatchesTheGroundTruth()
    {
        var run = await CliRun.InvokeAsync("demo", "--folder", _folder.Path, "--cells", "8", "--observations", "100000", "--max-workers", "2");

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        Assert.Contains("observations match the generator's ground truth", run.Output, StringComparison.Ordinal);
        Assert.Equal("Completed", run.Field("status"));
        Assert.Equal("8", run.Field("total_cells"));
    }

    public void Dispose() => _folder.Dispose();
}
