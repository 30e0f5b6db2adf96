using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Aggregation;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>
/// A 1-D Zarr v3 array as read by <see cref="ZarrDggsReader"/>: what is needed to find and decode its chunks.
/// </summary>
/// <remarks>
/// Supported: a regular chunk grid; <c>default</c> (either separator) and <c>v2</c> chunk key encodings; the codecs
/// <c>transpose</c> (a no-op in 1-D), <c>bytes</c> (little- or big-endian), then any of <c>gzip</c> and <c>zstd</c>;
/// the numeric data types of <see cref="DataType"/>. Anything else is refused with a <see cref="ZarrReadException"/>
/// naming it.
/// </remarks>
public sealed record ZarrArrayMetadata
{
    private ZarrArrayMetadata(string path, long length, int chunkLength, DataType dataType, double fillValue, bool bigEndian,
        IReadOnlyList<ChunkCompression> compressors, string chunkKeyPrefix, JsonObject attributes)
    {
        Path = path;
        Length = length;
        ChunkLength = chunkLength;
        DataType = dataType;
        FillValue = fillValue;
        BigEndian = bigEndian;
        Compressors = compressors;
        ChunkKeyPrefix = chunkKeyPrefix;
        Attributes = attributes;
    }

    /// <summary>Path from the store's root, e.g. <c>12/h_mean</c>.</summary>
    public string Path { get; }

    /// <summary>The array's name (the last segment of <see cref="Path"/>).</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>Number of elements.</summary>
    public long Length { get; }

    /// <summary>Elements per chunk.</summary>
    public int ChunkLength { get; }

    /// <summary>Number of chunks (the last one may reach past <see cref="Length"/>).</summary>
    public long ChunkCount => (Length + ChunkLength - 1) / ChunkLength;

    /// <summary>Element type.</summary>
    public DataType DataType { get; }

    /// <summary>The value of elements in chunks never written.</summary>
    public double FillValue { get; }

    /// <summary>True when the <c>bytes</c> codec stores elements big-endian.</summary>
    public bool BigEndian { get; }

    /// <summary>The bytes-to-bytes codecs in the order they were applied when writing.</summary>
    public IReadOnlyList<ChunkCompression> Compressors { get; }

    /// <summary>The array's attributes (e.g. <c>units</c>, <c>long_name</c>).</summary>
    public JsonObject Attributes { get; }

    /// <summary>Text before the chunk index in a chunk's key, e.g. <c>12/h_mean/c/</c>.</summary>
    public string ChunkKeyPrefix { get; }

    /// <summary>The key of chunk <paramref name="index"/>, e.g. <c>12/h_mean/c/3</c>.</summary>
    public string ChunkKey(long index) => ChunkKeyPrefix + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads an array's <c>zarr.json</c> document.</summary>
    /// <exception cref="ZarrReadException">The document is not a 1-D array this reader supports; the message says why.</exception>
    public static ZarrArrayMetadata Parse(string path, JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(document);
        try
        {
            return ParseUnchecked(path, document);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or OverflowException)
        {
            throw new ZarrReadException($"Array '{path}': malformed zarr.json ({e.Message}).", e);
        }
    }

    private static ZarrArrayMetadata ParseUnchecked(string path, JsonObject document)
    {
        if (document["zarr_format"]?.GetValue<int>() != 3 || document["node_type"]?.GetValue<string>() != "array")
        {
            throw Unsupported(path, "it is not a Zarr v3 array");
        }

        var shape = document["shape"]?.AsArray() ?? throw Unsupported(path, "it has no shape");
        if (shape.Count != 1)
        {
            throw Unsupported(path, $"it has {shape.Count} dimensions; only 1-D arrays are read");
        }

        var typeName = document["data_type"]?.GetValue<string>() ?? "";
        if (!DataTypes.TryParse(typeName, out var dataType))
        {
            throw Unsupported(path, $"data type '{typeName}' is not one of {string.Join(", ", DataTypes.Names)}");
        }

        var grid = document["chunk_grid"];
        if (grid?["name"]?.GetValue<string>() != "regular" || grid["configuration"]?["chunk_shape"]?.AsArray() is not [JsonNode chunk])
        {
            throw Unsupported(path, "its chunk grid is not a regular 1-D grid");
        }

        var chunkLength = chunk.GetValue<int>();
        var length = shape[0]!.GetValue<long>();
        if (chunkLength <= 0 || length < 0)
        {
            throw Unsupported(path, $"shape {length} with chunks of {chunkLength} is not valid");
        }

        var (bigEndian, compressors) = Codecs(path, document["codecs"]?.AsArray() ?? throw Unsupported(path, "it has no codecs"), dataType);
        return new ZarrArrayMetadata(path, length, chunkLength, dataType, ParseFillValue(path, document["fill_value"], dataType), bigEndian, compressors,
            ParseChunkKeyPrefix(path, document["chunk_key_encoding"]), document["attributes"] as JsonObject ?? []);
    }

    private static (bool BigEndian, ChunkCompression[] Compressors) Codecs(string path, JsonArray codecs, DataType dataType)
    {
        bool? bigEndian = null;
        var compressors = new List<ChunkCompression>();
        foreach (var codec in codecs)
        {
            var name = codec?["name"]?.GetValue<string>() ?? "";
            var configuration = codec?["configuration"];
            switch (name)
            {
                case "transpose" when bigEndian is null:
                    break;
                case "bytes" when bigEndian is null:
                    var endian = configuration?["endian"]?.GetValue<string>();
                    if (endian is null && dataType.Size() > 1)
                    {
                        throw Unsupported(path, "its bytes codec names no endianness");
                    }

                    bigEndian = endian == "big";
                    break;
                case "gzip" when bigEndian is not null:
                    compressors.Add(ChunkCompression.Gzip);
                    break;
                case "zstd" when bigEndian is not null:
                    compressors.Add(ChunkCompression.Zstd);
                    break;
                default:
                    throw Unsupported(path, $"codec '{name}' is not supported here (transpose, bytes, then gzip or zstd are)");
            }
        }

        return (bigEndian ?? throw Unsupported(path, "it has no bytes codec"), compressors.ToArray());
    }

    private static double ParseFillValue(string path, JsonNode? node, DataType dataType)
    {
        if (node is null)
        {
            throw Unsupported(path, "it has no fill_value");
        }

        if (node.GetValueKind() == JsonValueKind.Number)
        {
            return node.GetValue<double>();
        }

        var text = node.GetValue<string>();
        return text switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ when text.StartsWith("0x", StringComparison.Ordinal) && dataType == DataType.Float32 =>
                BitConverter.UInt32BitsToSingle(uint.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
            _ when text.StartsWith("0x", StringComparison.Ordinal) && dataType == DataType.Float64 =>
                BitConverter.UInt64BitsToDouble(ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)),
            _ => throw Unsupported(path, $"fill_value '{text}' is not understood"),
        };
    }

    private static string ParseChunkKeyPrefix(string path, JsonNode? encoding)
    {
        var name = encoding?["name"]?.GetValue<string>() ?? "default";
        var separator = encoding?["configuration"]?["separator"]?.GetValue<string>();
        return (name, separator) switch
        {
            ("default", null or "/") => path + "/c/",
            ("default", ".") => path + "/c.",
            ("v2", _) => path + "/",
            _ => throw Unsupported(path, $"chunk key encoding '{name}' with separator '{separator}' is not supported"),
        };
    }

    private static ZarrReadException Unsupported(string path, string why) => new($"Array '{path}' cannot be read: {why}.");
}
