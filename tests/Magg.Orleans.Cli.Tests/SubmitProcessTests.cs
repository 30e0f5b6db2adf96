using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Cli.Tests;

/// <summary><c>submit</c> as real processes: the store, not a process's memory, remembers what is done.</summary>
[Collection(EmbeddedSiloGroup.Name)]
public sealed class SubmitProcessTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Submit_SameRunInASecondProcess_ReadsNoGranule()
    {
        // Arrange: a copy of the small fixture, so its granules can be taken away after the first run.
        var data = _folder.Combine("data");
        Directory.CreateDirectory(Path.Combine(data, "granules"));
        File.Copy(SmallFixture.Catalog, Path.Combine(data, "catalog.json"));
        foreach (var granule in Directory.GetFiles(Path.Combine(TestData.Fixture("small"), "granules")))
        {
            File.Copy(granule, Path.Combine(data, "granules", Path.GetFileName(granule)));
        }

        string[] args = ["submit", "--config", "atl06", "--catalog", Path.Combine(data, "catalog.json"), "--store", _folder.Combine("out.zarr")];
        var first = await CliProcess.RunAsync(null, Timeout, args);

        // Act: the granules are gone; any read would now fail the cell.
        Directory.Move(Path.Combine(data, "granules"), Path.Combine(data, "granules-gone"));
        var second = await CliProcess.RunAsync(null, Timeout, args);

        // Assert
        Assert.True(first.ExitCode == MaggCli.Success, first.ToString());
        Assert.Equal(("Completed", "0"), (first.Field("status"), first.Field("cells_up_to_date")));
        Assert.True(second.ExitCode == MaggCli.Success, second.ToString());
        Assert.Equal(("Completed", "5", "0", "0"), (second.Field("status"), second.Field("cells_up_to_date"), second.Field("granules_failed"), second.Field("cells_error")));
        Assert.Equal(first.Field("total_obs"), second.Field("total_obs"));
        Assert.Equal(SmallFixture.ExpectedObservations().ToString(System.Globalization.CultureInfo.InvariantCulture), second.Field("total_obs"));
    }

    public void Dispose() => _folder.Dispose();
}
