using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Magg.Orleans.Catalog.Output;

/// <summary>The magg catalog JSON of SPEC §5: <c>{"metadata": {...}, "catalog": {"&lt;parent morton&gt;": [s3 URLs]}}</c>.</summary>
internal static class CatalogJsonWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = true };

    public static async Task WriteAsync(BuiltCatalog catalog, Stream stream, CancellationToken cancellationToken)
    {
        var writer = new Utf8JsonWriter(stream, Options);
        await using (writer.ConfigureAwait(false))
        {
            Document(catalog).WriteTo(writer);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static JsonObject Document(BuiltCatalog catalog)
    {
        var cells = new JsonObject();
        foreach (var (morton, granules) in catalog.Cells)
        {
            cells[morton.ToString(CultureInfo.InvariantCulture)] = new JsonArray([.. granules.Select(g => (JsonNode?)JsonValue.Create(g))]);
        }

        return new JsonObject { ["metadata"] = catalog.Metadata.DeepClone(), ["catalog"] = cells };
    }
}
