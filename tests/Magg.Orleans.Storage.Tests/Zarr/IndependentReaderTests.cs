using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Zarr;

/// <summary>The store of a whole fixture run, read back by zarrita (JavaScript), matches what the Python tool computed.</summary>
public sealed class IndependentReaderTests
{
    private const int CellWithoutData = 4;

    [Theory]
    [InlineData(ChunkCompression.None)]
    [InlineData(ChunkCompression.Zstd)]
    [InlineData(ChunkCompression.Gzip)]
    public async Task Zarrita_SmallFixtureStore_ReadsExpectedValuesAndMetadata(ChunkCompression compression)
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        ExternalTool.Require("npm", "apt-get install nodejs npm");
        using var folder = new TemporaryFolder();
        using var objects = new LocalObjectStore(folder.Path);
        var (store, catalog, tables) = await SmallFixtureStore.WriteAsync(objects, compression, CellWithoutData, ct);
        var layout = store.Layout;

        // Act
        var read = await Zarrita.ReadAsync(folder.Path, layout.GroupPath, layout.Arrays.Select(a => a.Name), ct);

        // Assert: hierarchy, as listed from the consolidated metadata.
        string[] expectedContents = ["group /", "group /12", .. layout.Arrays.Select(a => $"array /12/{a.Name}")];
        Assert.Equal(expectedContents.Order(StringComparer.Ordinal), read["contents"]!.AsArray().Select(n => n!.GetValue<string>()));

        // Group attributes as the dggs convention states them.
        var group = read["group"]!.AsObject();
        Assert.Equal("healpix", group["dggs"]!["name"]!.GetValue<string>());
        Assert.Equal(12, group["dggs"]!["refinement_level"]!.GetValue<int>());
        Assert.Equal(6378137.0, group["dggs"]!["ellipsoid"]!["semimajor_axis"]!.GetValue<double>());
        Assert.Equal("7b255807-140c-42ca-97f6-7a1cfecdbc38", group["zarr_conventions"]![0]!["uuid"]!.GetValue<string>());
        Assert.Equal(layout.TemplateId, group["magg"]!["template_id"]!.GetValue<string>());

        var arrays = read["arrays"]!.AsObject();
        foreach (var array in layout.Arrays)
        {
            var seen = arrays[array.Name]!.AsObject();
            Assert.Equal($"[{layout.Length}]", seen["shape"]!.ToJsonString());
            Assert.Equal($"[{layout.ChunkLength}]", seen["chunks"]!.ToJsonString());
            Assert.Equal(ZarritaDtype(array.DataType), seen["dtype"]!.GetValue<string>());
            Assert.Equal(ZarritaDtype(array.DataType), seen["consolidated_dtype"]!.GetValue<string>());
            Assert.Equal(double.IsNaN(array.FillValue) ? "NaN" : "0", seen["fill_value"]!.ToString());
        }

        Assert.Equal("healpix", arrays["cell_ids"]!["attrs"]!["grid_name"]!.GetValue<string>());
        Assert.Equal(12, arrays["cell_ids"]!["attrs"]!["level"]!.GetValue<int>());

        // Values: every cell with data as the Python tool computed it (and bit for bit as written); the cell without
        // data holds its true coordinates and fill values.
        var differences = new List<string>();
        foreach (var cell in catalog.Cells)
        {
            var expected = ExpectedCsv.Load(Path.Combine(TestData.Fixture("small"), "expected", $"cell_{cell.ParentMorton}.csv"));
            foreach (var name in expected.Header)
            {
                var values = Slice(arrays[name]!["values"]!.AsArray(), cell.ChunkIndex, layout.ChunkLength);
                var wanted = expected.Column(name);
                for (var i = 0; i < values.Length && differences.Count < 20; i++)
                {
                    if (cell.ChunkIndex == CellWithoutData && name is not ("morton" or "cell_ids"))
                    {
                        var fill = name == "count" ? "0" : "NaN";
                        if (values[i] != fill)
                        {
                            differences.Add($"cell {cell.ParentMorton} (no data) {name}[{i}]: {values[i]}, expected fill {fill}");
                        }
                    }
                    else if (!ExpectedCsv.Matches(name, wanted[i], values[i]))
                    {
                        differences.Add($"cell {cell.ParentMorton} {name}[{i}]: zarrita read {values[i]}, expected {wanted[i]}");
                    }
                    else if (tables[cell.ChunkIndex] is { } table && !SameAsWritten(table[name], i, values[i]))
                    {
                        differences.Add($"cell {cell.ParentMorton} {name}[{i}]: zarrita read {values[i]}, written {table[name][i]}");
                    }
                }
            }
        }

        Assert.Empty(differences);
    }

    private static string[] Slice(JsonArray values, int chunk, int length) =>
        values.Skip(chunk * length).Take(length).Select(v => v!.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? v.GetValue<string>()
            : v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture)).ToArray();

    private static bool SameAsWritten(ChildColumn column, int index, string read) => column.Values switch
    {
        float[] floats => float.IsNaN(floats[index]) ? read == "NaN" : (float)double.Parse(read, CultureInfo.InvariantCulture) == floats[index],
        _ => column[index].ToString("R", CultureInfo.InvariantCulture) == read || DataTypes.GetDouble(column.Values, index) == double.Parse(read, CultureInfo.InvariantCulture),
    };

    private static string ZarritaDtype(DataType type) => type.Name();
}
