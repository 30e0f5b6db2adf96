using System.Text.Json;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Cli.Tests;

/// <summary>
/// <c>submit</c> without any allowlist flag on its embedded silo: the silo allows the catalog's own folder and the store
/// it was given, so a local catalog and store just work; a catalog entry outside the catalog's folder is refused, for
/// that granule only, with the reason shown under its cell.
/// </summary>
[Collection(EmbeddedSiloGroup.Name)]
public sealed class EmbeddedAccessTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Submit_NoFlags_ReadsTheCatalogsFolder_AndRefusesAnEntryOutsideItPerGranule()
    {
        // Arrange: the small fixture's catalog and granules copied to a folder of their own; one cell lists, besides its
        // own granule, the same file where the fixture keeps it (outside this catalog's folder); another lists only that.
        var granules = Directory.CreateDirectory(_folder.Combine("granules")).FullName;
        var fixture = Path.Combine(TestData.Fixture("small"), "granules");
        foreach (var file in Directory.GetFiles(fixture, "*.h5"))
        {
            File.Copy(file, Path.Combine(granules, Path.GetFileName(file)));
        }

        var outside = Directory.GetFiles(fixture, "*.h5").Order(StringComparer.Ordinal).First();
        var name = Path.GetFileName(outside);
        var cells = SmallFixture.Cells().ToDictionary(c => c.Morton, c => Catalog(c.Morton));
        cells["-6121212"] = [$"granules/{name}", outside];
        cells["-6121122"] = [outside];
        var catalog = _folder.Combine("catalog.json");
        await File.WriteAllTextAsync(catalog, JsonSerializer.Serialize(new { metadata = new { parent_order = 6 }, catalog = cells }), TestContext.Current.CancellationToken);
        var store = _folder.Combine("out.zarr");

        // Act
        var run = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", catalog, "--store", store);

        // Assert: four cells written (one without the outside copy), the cell with only the outside entry failed
        // (granules_failed counts the written cells' failed granules; the failed cell's shows under its line).
        Assert.True(run.ExitCode == MaggCli.RunFailed, run.ToString());
        Assert.Equal(("CompletedWithErrors", "5", "1", "1"), (run.Field("status"), run.Field("total_cells"), run.Field("cells_error"), run.Field("granules_failed")));
        Assert.True(File.Exists(Path.Combine(store, "zarr.json")));
        var refusal = $"refused by the silo's access policy: the file is outside the allowed granule folders (allowed: {_folder.Path}";
        var reasons = run.OutputLines.Where(l => l.Contains("refused by the silo's access policy", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, reasons.Length);
        Assert.All(reasons, r => Assert.Contains($"{name}: {refusal}"[..Math.Min(100, name.Length + 2 + refusal.Length)], r, StringComparison.Ordinal));
        Assert.Contains("cell -6121122: ", run.Output, StringComparison.Ordinal);
        Assert.Contains("cell -6121212: written without 1 granule(s)", run.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static string[] Catalog(string morton)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SmallFixture.Catalog));
        return [.. document.RootElement.GetProperty("catalog").GetProperty(morton).EnumerateArray().Select(g => g.GetString()!)];
    }
}
