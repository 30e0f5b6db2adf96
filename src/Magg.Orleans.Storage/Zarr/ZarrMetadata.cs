using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Aggregation;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>The <c>zarr.json</c> documents of a DGGS store, in the shape zarr-python 3 writes them.</summary>
internal static class ZarrMetadata
{
    public const string MaggAttribute = "magg";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    // The dggs convention entry and ellipsoid verbatim, so the numbers keep their written form (6378137.0).
    private const string ConventionsJson = """
        [{"schema_url": "https://raw.githubusercontent.com/zarr-conventions/dggs/refs/tags/v1/schema.json",
          "spec_url": "https://github.com/zarr-conventions/dggs/blob/v1/README.md",
          "uuid": "7b255807-140c-42ca-97f6-7a1cfecdbc38", "name": "dggs",
          "description": "Discrete Global Grid Systems convention for zarr"}]
        """;

    private const string EllipsoidJson = """{"name": "WGS84", "semimajor_axis": 6378137.0, "inverse_flattening": 298.257223563}""";

    /// <summary>The root group without consolidated metadata.</summary>
    public static JsonObject RootGroup() => Group(new JsonObject());

    /// <summary>A group document with <paramref name="attributes"/>.</summary>
    public static JsonObject Group(JsonObject attributes) => new()
    {
        ["zarr_format"] = 3,
        ["node_type"] = "group",
        ["attributes"] = attributes,
    };

    /// <summary>The <c>{child_order}</c> group: the dggs convention and the magg template record.</summary>
    public static JsonObject DggsGroup(DggsLayout layout)
    {
        var group = DggsGroupWithoutCatalog(layout);
        if (layout.CatalogDigest.Length > 0)
        {
            group["attributes"]![MaggAttribute]!["catalog_cells"] = layout.CatalogDigest;
        }

        return group;
    }

    private static JsonObject DggsGroupWithoutCatalog(DggsLayout layout) => Group(new JsonObject
    {
        ["zarr_conventions"] = JsonNode.Parse(ConventionsJson),
        ["dggs"] = new JsonObject
        {
            ["name"] = "healpix",
            ["refinement_level"] = layout.ChildOrder,
            ["indexing_scheme"] = "nested",
            ["spatial_dimension"] = "cells",
            ["ellipsoid"] = Ellipsoid(),
            ["coordinate"] = DggsLayout.CellIdsName,
            ["compression"] = "none",
        },
        [MaggAttribute] = new JsonObject
        {
            ["template_id"] = layout.TemplateId,
            ["latitude"] = "spherical",
            ["latitude_note"] = "points are binned with their geodetic latitude taken as spherical latitude (no authalic conversion), as magg does",
            ["parent_order"] = layout.ParentOrder,
            ["child_order"] = layout.ChildOrder,
            ["total_cells"] = layout.TotalCells,
            ["chunk_length"] = layout.ChunkLength,
            ["compression"] = DggsLayout.CompressionName(layout.Compression),
            ["producer"] = "Magg.Orleans",
        },
    });

    /// <summary>The <c>zarr.json</c> of one array.</summary>
    public static JsonObject Array(DggsLayout layout, DggsArray array)
    {
        var codecs = new JsonArray(Codec("bytes", new JsonObject { ["endian"] = "little" }));
        switch (layout.Compression)
        {
            case ChunkCompression.Zstd:
                codecs.Add(Codec("zstd", new JsonObject { ["level"] = ChunkCodec.ZstdLevel, ["checksum"] = false }));
                break;
            case ChunkCompression.Gzip:
                codecs.Add(Codec("gzip", new JsonObject { ["level"] = ChunkCodec.GzipLevel }));
                break;
            case ChunkCompression.None:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(layout));
        }

        var attributes = new JsonObject();
        if (array.Name == DggsLayout.CellIdsName)
        {
            // What xdggs reads from the coordinate to decode the grid without arguments.
            attributes["grid_name"] = "healpix";
            attributes["level"] = layout.ChildOrder;
            attributes["indexing_scheme"] = "nested";
            attributes["ellipsoid"] = Ellipsoid();
        }

        return new JsonObject
        {
            ["zarr_format"] = 3,
            ["node_type"] = "array",
            ["shape"] = new JsonArray(layout.Length),
            ["data_type"] = array.DataType.Name(),
            ["chunk_grid"] = new JsonObject
            {
                ["name"] = "regular",
                ["configuration"] = new JsonObject { ["chunk_shape"] = new JsonArray(layout.ChunkLength) },
            },
            ["chunk_key_encoding"] = new JsonObject
            {
                ["name"] = "default",
                ["configuration"] = new JsonObject { ["separator"] = "/" },
            },
            ["fill_value"] = FillValue(array.DataType, array.FillValue),
            ["codecs"] = codecs,
            ["attributes"] = attributes,
            ["dimension_names"] = new JsonArray("cells"),
            ["storage_transformers"] = new JsonArray(),
        };
    }

    /// <summary>A fill value as Zarr v3 JSON: integers as integers, NaN and infinities as strings, other floats as numbers.</summary>
    public static JsonNode FillValue(DataType type, double value)
    {
        if (!type.IsFloatingPoint())
        {
            return type == DataType.UInt64 ? JsonValue.Create((ulong)value) : JsonValue.Create((long)value);
        }

        if (double.IsNaN(value))
        {
            return JsonValue.Create("NaN");
        }

        if (double.IsInfinity(value))
        {
            return JsonValue.Create(value > 0 ? "Infinity" : "-Infinity");
        }

        // Round-trip text of the stored element type, written as a JSON number (always with a fraction or exponent).
        var text = type == DataType.Float32
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.', StringComparison.Ordinal) && !text.Contains('E', StringComparison.Ordinal))
        {
            text += ".0";
        }

        return JsonNode.Parse(text)!;
    }

    /// <summary>UTF-8 JSON, indented by two spaces as zarr-python writes it.</summary>
    public static byte[] Serialize(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(Indented));

    /// <summary>Parses a stored document; null when absent, an exception naming the key when it is not a JSON object.</summary>
    public static JsonObject? Parse(byte[]? bytes, string key)
    {
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(bytes) as JsonObject ?? throw new InvalidDataException($"{key} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{key} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>True when two documents say the same (compared after a round trip through text).</summary>
    public static bool SameDocument(JsonNode a, JsonNode b) =>
        JsonNode.DeepEquals(JsonNode.Parse(a.ToJsonString()), JsonNode.Parse(b.ToJsonString()));

    private static JsonNode Ellipsoid() => JsonNode.Parse(EllipsoidJson)!;

    private static JsonObject Codec(string name, JsonObject configuration) => new() { ["name"] = name, ["configuration"] = configuration };
}
