using System.Text;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Security;

namespace Magg.Orleans.Core.Tests.Catalog;

/// <summary>
/// Catalogs built to mislead or exhaust the reader. Each gives a <see cref="CatalogException"/> whose message is
/// <c>source:line:column: problem</c>, with the position also in its properties.
/// </summary>
public sealed class HostileCatalogTests
{
    private static CatalogException Refused(string json, InputLimits? limits = null) =>
        Assert.Throws<CatalogException>(() => GranuleCatalog.Parse(json, null, "evil.json", limits ?? new InputLimits()));

    [Theory]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, \"metadata\": {\"parent_order\": 7}, \"catalog\": {}}", "evil.json:1:35: duplicate key \"metadata\"")]
    [InlineData("{\"metadata\": {\"parent_order\": 6, \"parent_order\": 7}, \"catalog\": {}}", "evil.json:1:34: duplicate key \"metadata.parent_order\"")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {\"-4211322\": [\"a.h5\"], \"-4211322\": [\"b.h5\"]}}", "evil.json:1:69: duplicate key \"catalog.-4211322\"")]
    [InlineData("{\"metadata\": {\"parent_order\": 6, \"x\": {\"y\": 1, \"y\": 2}}, \"catalog\": {}}", "evil.json:1:48: duplicate key \"metadata.x.y\"")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, \"notes\": [{\"k\": 1, \"k\": 2}], \"catalog\": {}}", "evil.json:1:54: duplicate key \"notes[0].k\"")]
    public void DuplicateKeys_AreRefusedWithTheKeyNamed(string json, string message)
    {
        Assert.Equal(message, Refused(json).Message);
    }

    [Fact]
    public void DuplicateKey_OnALaterLine_GivesThatLine()
    {
        var json = "{\n  \"metadata\": {\"parent_order\": 6},\n  \"catalog\": {\n    \"-4211322\": [\"a.h5\"],\n    \"-4211322\": []\n  }\n}\n";

        var error = Refused(json);

        Assert.Equal("evil.json:5:5: duplicate key \"catalog.-4211322\"", error.Message);
        Assert.Equal((5L, 5L, (long)json.IndexOf("\"-4211322\": []", StringComparison.Ordinal)), (error.Line!.Value, error.Column!.Value, error.ByteOffset!.Value));
    }

    [Fact]
    public void SameCellWrittenTwoWays_IsRefused()
    {
        var error = Refused("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {\"-4211322\": [], \"-04211322\": []}}");
        Assert.Equal("evil.json:1:63: cell -4211322 is listed more than once", error.Message);
    }

    [Fact]
    public async Task TwoHundredMegabyteCatalog_IsRefusedBeforeReading_ByAConfiguredCap()
    {
        var path = Path.Combine(Path.GetTempPath(), $"magg-big-{Guid.NewGuid():N}.json");
        try
        {
            await using (var file = File.Create(path))
            {
                file.SetLength(200_000_000);   // sparse: nothing is written
            }

            var limits = new InputLimits { MaxCatalogBytes = 100L * 1024 * 1024 };
            var error = await Assert.ThrowsAsync<CatalogException>(() => GranuleCatalog.LoadAsync(path, limits, TestContext.Current.CancellationToken));

            Assert.Equal($"{path}:1:1: the catalog is 200,000,000 bytes, over the 104,857,600-byte limit for catalogs (Magg:Limits:MaxCatalogBytes)", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task CatalogOverTheDefaultCap_IsRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"magg-big-{Guid.NewGuid():N}.json");
        try
        {
            await using (var file = File.Create(path))
            {
                file.SetLength(300_000_000);
            }

            var error = await Assert.ThrowsAsync<CatalogException>(() => GranuleCatalog.LoadAsync(path, TestContext.Current.CancellationToken));

            Assert.Equal($"{path}:1:1: the catalog is 300,000,000 bytes, over the 268,435,456-byte limit for catalogs (Magg:Limits:MaxCatalogBytes)", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task StreamWithoutALength_IsCutOffAtTheCap()
    {
        var json = Encoding.UTF8.GetBytes(CatalogReadingTests.Catalog(cells: ("-4211322", Enumerable.Repeat("a.h5", 1000).ToArray())));

        var error = await Assert.ThrowsAsync<CatalogException>(() => GranuleCatalog.ReadAsync(new TrickleStream(json, 100), null, "pipe",
            new InputLimits { MaxCatalogBytes = 1000 }, TestContext.Current.CancellationToken));

        Assert.Equal("pipe:1:1001: the catalog is over the 1,000-byte limit for catalogs (Magg:Limits:MaxCatalogBytes)", error.Message);
    }

    [Fact]
    public void MillionGranulesInOneCell_AreRefusedAtTheFirstOverTheCap()
    {
        var json = new StringBuilder("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {\"-4211322\": [");
        var prefix = json.Length;
        json.AppendJoin(", ", Enumerable.Repeat("\"g.h5\"", 1_000_000)).Append("]}}");

        var error = Refused(json.ToString());

        Assert.Equal($"evil.json:1:{prefix + (100_000 * 8) + 1}: catalog[\"-4211322\"] lists more than 100,000 granules (Magg:Limits:MaxGranulesPerCell)", error.Message);
    }

    [Fact]
    public void GranulesOverTheCatalogCap_AreRefused()
    {
        var json = CatalogReadingTests.Catalog(cells: ("-4211322", ["a", "b", "c"]), more: ("-4211323", ["a", "b", "c"]));

        var error = Refused(json, new InputLimits { MaxCatalogGranules = 5 });

        Assert.Equal("evil.json:1:99: the catalog lists more than 5 granule entries (Magg:Limits:MaxCatalogGranules)", error.Message);
    }

    [Fact]
    public void CellsOverTheCap_AreRefused()
    {
        var error = Refused(CatalogReadingTests.Catalog(cells: ("-4211322", []), more: ("-4211323", [])), new InputLimits { MaxCatalogCells = 1 });
        Assert.Equal("evil.json:1:63: the catalog lists more than 1 cells (Magg:Limits:MaxCatalogCells)", error.Message);
    }

    [Theory]
    [InlineData(3000, "a granule of catalog[\"-4211322\"] is longer than 2,048 characters (Magg:Limits:MaxGranuleLength)")]
    [InlineData(20_000, "a granule of catalog[\"-4211322\"] is longer than 2,048 characters (Magg:Limits:MaxGranuleLength)")]
    [InlineData(0, "catalog[\"-4211322\"] lists an empty granule")]
    public void BadGranuleNames_AreRefused(int length, string problem)
    {
        var error = Refused(CatalogReadingTests.Catalog(cells: ("-4211322", [new string('x', length)])));
        Assert.Equal($"evil.json:1:60: {problem}", error.Message);
    }

    [Theory]
    [InlineData("[1, 2]", "evil.json:1:1: the top level must be a JSON object")]
    [InlineData("{\"metadata\": 6, \"catalog\": {}}", "evil.json:1:14: 'metadata' must be an object")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, \"catalog\": []}", "evil.json:1:46: 'catalog' must be an object of parent cells and their granule lists")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {\"-4211322\": \"a.h5\"}}", "evil.json:1:59: catalog[\"-4211322\"] must be a list of granule paths or URLs")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {\"-4211322\": [\"a.h5\", 7]}}", "evil.json:1:68: catalog[\"-4211322\"] must be a list of granule paths or URLs")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {\"-4211322\": [[\"a.h5\"]]}}", "evil.json:1:60: catalog[\"-4211322\"] must be a list of granule paths or URLs")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {\"7\": []}}", "evil.json:1:47: catalog key '7' is not a morton index (a sign, a lead digit 1-6, then one digit 1-4 per order, at most 18).")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {\"-421132\": []}}", "evil.json:1:47: catalog key '-421132' is at order 5, but metadata.parent_order is 6")]
    [InlineData("{\"catalog\": {\"-421132\": []}, \"metadata\": {\"parent_order\": 6}}", "evil.json:1:14: catalog key '-421132' is at order 5, but metadata.parent_order is 6")]
    [InlineData("{\"metadata\": {\"parent_order\": 19}, \"catalog\": {}}", "evil.json:1:15: metadata.parent_order must be an integer in 0..18")]
    [InlineData("{\"metadata\": {\"parent_order\": 6, \"total_cells\": 2}, \"catalog\": {\"-4211322\": []}}", "evil.json:1:34: metadata.total_cells is 2, but the catalog lists 1 cells")]
    [InlineData("{\"catalog\": {}}", "evil.json:1:15: missing object 'metadata'")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}}", "evil.json:1:33: missing object 'catalog'")]
    public void MisshapenCatalogs_NameTheProblemAndWhere(string json, string message)
    {
        Assert.Equal(message, Refused(json).Message);
    }

    [Theory]
    [InlineData("", "evil.json:1:1: not valid JSON: The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true.")]
    [InlineData("{\"metadata\": {\"parent_order\": 6},\n \"catalog\": {", "evil.json:2:14: not valid JSON: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed.")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {}} x", "evil.json:1:50: not valid JSON: 'x' is invalid after a single JSON value. Expected end of data.")]
    [InlineData("{\"metadata\": {\"parent_order\": 6}, // comment\n\"catalog\": {}}", "evil.json:1:35: not valid JSON: '/' is an invalid start of a property name. Expected a '\"'.")]
    public void NotJson_GivesTheReadersProblemAndPosition(string json, string message)
    {
        Assert.Equal(message, Refused(json).Message);
    }

    [Fact]
    public void TenThousandNestedArrays_AreRefusedAtDepth65()
    {
        var json = "{\"metadata\": {\"parent_order\": 6, \"x\": " + new string('[', 10_000) + new string(']', 10_000) + "}, \"catalog\": {}}";

        var error = Refused(json);

        Assert.StartsWith("evil.json:1:101: not valid JSON: The maximum configured depth of 64 has been exceeded.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidUtf8_IsRefused()
    {
        var bytes = Encoding.UTF8.GetBytes(CatalogReadingTests.Catalog(cells: ("-4211322", ["a?.h5"])));
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;

        var error = await Assert.ThrowsAsync<CatalogException>(() => GranuleCatalog.ReadAsync(new MemoryStream(bytes), null, "evil.json", new InputLimits(), TestContext.Current.CancellationToken));

        Assert.Equal("evil.json:1:60: not valid JSON: a string is not valid UTF-8", error.Message);
    }
}
