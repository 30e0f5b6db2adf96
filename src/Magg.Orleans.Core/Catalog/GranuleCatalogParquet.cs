using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Security;
using Parquet.Serialization;

namespace Magg.Orleans.Core.Catalog;

/// <summary>
/// GeoParquet catalogs (one <see cref="CatalogParquetRow"/> per granule). Reading turns the rows back into the catalog
/// document (keys in ascending numeric order, granules per cell in row order) and hands it to
/// <see cref="GranuleCatalog.Parse(string, string?, string, InputLimits)"/>, so a GeoParquet catalog and the JSON one it was written with plan the same run.
/// </summary>
public static class GranuleCatalogParquet
{
    /// <summary>File key/value metadata holding the catalog <c>metadata</c> object as JSON.</summary>
    public const string MetadataKey = "magg_catalog";

    private static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>True when <paramref name="path"/> starts with the Parquet magic bytes.</summary>
    public static async Task<bool> IsParquetAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                var head = new byte[4];
                var read = await stream.ReadAtLeastAsync(head, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return read == 4 && Magic.SequenceEqual(head);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads a GeoParquet catalog file within <paramref name="limits"/> (the same caps as a JSON catalog's).</summary>
    /// <exception cref="CatalogException">The file is not a catalog of this shape, or is over a cap; the message names the problem.</exception>
    public static async Task<GranuleCatalog> LoadAsync(string path, InputLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(limits);
        JsonObject metadata;
        IList<CatalogParquetRow> rows;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > limits.MaxCatalogBytes)
            {
                throw new CatalogException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: the catalog is over the {limits.MaxCatalogBytes:N0}-byte limit for catalogs (Magg:Limits:MaxCatalogBytes)"));
            }

            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                var result = await ParquetSerializer.DeserializeAsync<CatalogParquetRow>(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                metadata = result.CustomMetadata is { } custom && custom.TryGetValue(MetadataKey, out var text) && JsonNode.Parse(text) is JsonObject parsed
                    ? parsed
                    : throw new CatalogException($"{path}: a Parquet file without '{MetadataKey}' metadata is not a magg catalog.");
                rows = result.Data;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException or InvalidOperationException
            or NotSupportedException or ArgumentException or FormatException)
        {
            throw new CatalogException($"Cannot read catalog '{path}': {e.Message}", e);
        }

        return GranuleCatalog.Parse(ToDocument(metadata, rows).ToJsonString(), Path.GetDirectoryName(Path.GetFullPath(path)), path, limits);
    }

    /// <summary>The JSON catalog document the rows stand for.</summary>
    public static JsonObject ToDocument(JsonObject metadata, IEnumerable<CatalogParquetRow> rows)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(rows);
        var cells = new SortedDictionary<long, JsonArray>();
        foreach (var row in rows)
        {
            foreach (var cell in row.Cells)
            {
                if (!cells.TryGetValue(cell, out var list))
                {
                    cells[cell] = list = [];
                }

                list.Add(row.S3Url);
            }
        }

        var catalog = new JsonObject();
        foreach (var (cell, granules) in cells)
        {
            catalog[cell.ToString(CultureInfo.InvariantCulture)] = granules;
        }

        return new JsonObject { ["metadata"] = metadata.DeepClone(), ["catalog"] = catalog };
    }
}
