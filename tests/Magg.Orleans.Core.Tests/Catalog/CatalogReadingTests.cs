using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Security;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Core.Tests.Catalog;

/// <summary>The streaming catalog reader gives what an independent JSON reader sees, however the bytes arrive.</summary>
public sealed class CatalogReadingTests
{
    private static readonly string SmallCatalog = Path.Combine(TestData.Fixture("small"), "catalog.json");

    [Theory]
    [InlineData("small", "catalog.json")]
    [InlineData("small", "catalog_s3.json")]
    [InlineData("north", "catalog.json")]
    public async Task LoadAsync_Fixture_MatchesJsonDocument(string fixture, string file)
    {
        var path = Path.Combine(TestData.Fixture(fixture), file);

        var catalog = await GranuleCatalog.LoadAsync(path, TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        var expected = document.RootElement.GetProperty("catalog").EnumerateObject()
            .Select(p => (p.Name, p.Value.EnumerateArray().Select(g => g.GetString()!).ToArray())).ToArray();
        Assert.Equal(expected.Select(e => e.Name), catalog.Cells.Select(c => c.ParentMorton.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(expected.Select(e => e.Item2), catalog.Cells.Select(c => c.Granules.ToArray()));
        Assert.Equal(Enumerable.Range(0, expected.Length), catalog.Cells.Select(c => c.ChunkIndex));
        Assert.Equal(document.RootElement.GetProperty("metadata").GetProperty("parent_order").GetInt32(), catalog.Metadata.ParentOrder);
        Assert.Equal(document.RootElement.GetProperty("metadata").GetProperty("s3_base").GetString(), catalog.Metadata.S3Base);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document.RootElement.GetProperty("metadata").GetRawText()), catalog.Metadata.Raw));
        Assert.Equal(Path.GetDirectoryName(path), catalog.BaseDirectory);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadAsync_BytesArrivingInSmallPieces_GiveTheSameCatalog(int chunk)
    {
        // Metadata larger than the reader's first buffer, so it is read again once whole.
        var json = Catalog(metadataExtra: $", \"notes\": \"{new string('n', 200_000)}\"", cells: ("-4211322", ["a.h5", "b.h5"]), more: ("-4211323", ["b.h5"]));
        var bytes = Encoding.UTF8.GetBytes(json);

        var streamed = await GranuleCatalog.ReadAsync(new TrickleStream(bytes, chunk), "/data", "c.json", new InputLimits(), TestContext.Current.CancellationToken);
        var parsed = GranuleCatalog.Parse(json, "/data", "c.json");

        Assert.Equal(parsed.Cells.Select(c => (c.ParentMorton, c.ChunkIndex, string.Join(',', c.Granules))), streamed.Cells.Select(c => (c.ParentMorton, c.ChunkIndex, string.Join(',', c.Granules))));
        Assert.Equal(200_000, streamed.Metadata.Raw["notes"]!.GetValue<string>().Length);
        Assert.Equal(6, streamed.Metadata.ParentOrder);
    }

    [Fact]
    public void Parse_GranuleListedUnderManyCells_IsStoredOnce()
    {
        var catalog = GranuleCatalog.Parse(Catalog(cells: ("-4211322", ["x/ATL06_1.h5"]), more: ("-4211323", ["x/ATL06_1.h5"])), null);

        Assert.Same(catalog.Cells[0].Granules[0], catalog.Cells[1].Granules[0]);
    }

    [Fact]
    public void Parse_MetadataAfterCatalog_StillChecksOrders()
    {
        var json = "{\"catalog\": {\"-4211322\": [\"a.h5\"]}, \"metadata\": {\"parent_order\": 6}}";

        var catalog = GranuleCatalog.Parse(json, null);

        Assert.Equal(-4211322, catalog.Cells[0].ParentMorton);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsSkipped()
    {
        var catalog = GranuleCatalog.Parse("\uFEFF" + Catalog(cells: ("-4211322", ["a.h5"])), null);
        Assert.Single(catalog.Cells);
    }

    [Fact]
    public void Parse_EscapedGranuleNames_AreUnescaped()
    {
        var catalog = GranuleCatalog.Parse(Catalog(cells: ("-4211322", ["dir\\/a\\u0020b.h5"])), null);
        Assert.Equal("dir/a b.h5", catalog.Cells[0].Granules[0]);
    }

    [Fact]
    public async Task ReadAsync_LargeCatalog_AllocatesLessThanHalfItsSize()
    {
        // 200 cells x 1,000 entries drawn from 5,000 granule names: ~13 MB of JSON. The reader keeps one string per
        // name and no copy of the text. The stream completes synchronously, so every allocation is on this thread.
        var json = new StringBuilder("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {");
        var cells = Enumerable.Range(0, 4096).Select(n => Magg.Orleans.Core.Spatial.Morton.FromNested(n, 6)).Take(200).ToArray();
        for (var c = 0; c < cells.Length; c++)
        {
            json.Append(c == 0 ? "" : ", ").Append('"').Append(cells[c]).Append("\": [");
            for (var g = 0; g < 1000; g++)
            {
                json.Append(g == 0 ? "" : ", ").Append("\"s3://nsidc-cumulus-prod-protected/ATLAS/ATL06/006/ATL06_").Append((c * 37 + g) % 5000).Append(".h5\"");
            }

            json.Append(']');
        }

        var bytes = Encoding.UTF8.GetBytes(json.Append("}}").ToString());
        var before = GC.GetAllocatedBytesForCurrentThread();

        var catalog = await GranuleCatalog.ReadAsync(new TrickleStream(bytes, 1 << 20), null, "big.json", new InputLimits(), TestContext.Current.CancellationToken);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(200_000, catalog.Cells.Sum(c => c.Granules.Count));
        Assert.True(allocated < bytes.Length / 2, $"{allocated:N0} bytes allocated for a {bytes.Length:N0}-byte catalog");
    }

    internal static string Catalog(string metadataExtra = "", (string Key, string[] Granules)? cells = null, (string Key, string[] Granules)? more = null)
    {
        var entries = new[] { cells, more }.Where(c => c is not null)
            .Select(c => $"\"{c!.Value.Key}\": [{string.Join(", ", c.Value.Granules.Select(g => $"\"{g}\""))}]");
        return $"{{\"metadata\": {{\"parent_order\": 6{metadataExtra}}}, \"catalog\": {{{string.Join(", ", entries)}}}}}";
    }
}
