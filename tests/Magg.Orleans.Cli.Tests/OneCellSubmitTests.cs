namespace Magg.Orleans.Cli.Tests;

/// <summary><c>submit --morton-cell</c> writes its cell's chunks and nothing of the catalog's other cells.</summary>
[Collection(EmbeddedSiloGroup.Name)]
public sealed class OneCellSubmitTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Submit_OneCell_WritesOnlyThatCellsChunksAndStamp()
    {
        var (morton, _) = SmallFixture.Cells()[3];
        var store = _folder.Combine("one.zarr");

        var run = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", SmallFixture.Catalog, "--store", store, "--morton-cell", morton);

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        Assert.Equal(("Completed", "1"), (run.Field("status"), run.Field("total_cells")));
        var chunks = Directory.GetFiles(store, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(store, f).Replace('\\', '/'))
            .Where(f => f.Contains("/c/", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(11, chunks.Length);
        Assert.All(chunks, c => Assert.EndsWith("/c/3", c, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(store, "_magg", "cells", "12", "3.json")));
        Assert.Equal(["3.json"], Directory.GetFiles(Path.Combine(store, "_magg", "cells", "12")).Select(Path.GetFileName));
    }

    public void Dispose() => _folder.Dispose();
}
