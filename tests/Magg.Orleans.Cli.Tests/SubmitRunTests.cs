using System.Globalization;

namespace Magg.Orleans.Cli.Tests;

/// <summary><c>submit</c> for real: the small fixture aggregated on an embedded silo into a local store.</summary>
[Collection(EmbeddedSiloGroup.Name)]
public sealed class SubmitRunTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Submit_SmallFixture_CompletesAndWritesTheStoreAndAgainWithTheSameTotals()
    {
        var store = _folder.Combine("small.zarr");
        string[] args = ["submit", "--config", "atl06", "--catalog", SmallFixture.Catalog, "--store", store, "--max-workers", "2"];
        var expectedObs = SmallFixture.ExpectedObservations().ToString(CultureInfo.InvariantCulture);

        var first = await CliRun.InvokeAsync(args);

        Assert.True(first.ExitCode == MaggCli.Success, first.ToString());
        Assert.Equal("Completed", first.Field("status"));
        Assert.Equal("5", first.Field("total_cells"));
        Assert.Equal("0", first.Field("cells_error"));
        Assert.Equal(expectedObs, first.Field("total_obs"));
        Assert.Equal(store, first.Field("store_path"));
        Assert.True(File.Exists(Path.Combine(store, "zarr.json")));
        Assert.Contains(first.OutputLines, l => l.StartsWith('[') && l.Contains("s] ", StringComparison.Ordinal));
        Assert.DoesNotContain('\x1b', first.Output);

        var second = await CliRun.InvokeAsync(args);

        Assert.True(second.ExitCode == MaggCli.Success, second.ToString());
        Assert.Equal("Completed", second.Field("status"));
        Assert.Equal(first.Field("total_obs"), second.Field("total_obs"));
        Assert.NotEqual(first.Field("run_id"), second.Field("run_id"));
    }

    public void Dispose() => _folder.Dispose();
}
