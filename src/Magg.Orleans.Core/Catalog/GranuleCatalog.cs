using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Core.Catalog;

/// <summary>
/// A magg granule catalog: <c>{"metadata": {...}, "catalog": {"&lt;parent morton&gt;": [granules...]}}</c>.
/// Key order is meaningful: a cell's chunk index is its position in the full catalog.
/// </summary>
/// <param name="Metadata">The metadata object.</param>
/// <param name="Cells">Every cell in key order.</param>
/// <param name="BaseDirectory">Folder of the catalog file; relative granule paths are resolved against it.</param>
public sealed record GranuleCatalog(CatalogMetadata Metadata, IReadOnlyList<CatalogCell> Cells, string? BaseDirectory)
{
    /// <summary>Number of parent cells: the Zarr arrays hold this many chunks.</summary>
    public int TotalCells => Cells.Count;

    /// <summary>Reads a catalog file: magg JSON, or GeoParquet (<see cref="GranuleCatalogParquet"/>, recognised by its magic bytes).</summary>
    public static async Task<GranuleCatalog> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (await GranuleCatalogParquet.IsParquetAsync(path, cancellationToken).ConfigureAwait(false))
        {
            return await GranuleCatalogParquet.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        }

        string json;
        try
        {
            json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogException($"Cannot read catalog '{path}': {e.Message}", e);
        }

        return Parse(json, Path.GetDirectoryName(Path.GetFullPath(path)), path);
    }

    /// <summary>Parses catalog JSON; <paramref name="source"/> names it in error messages.</summary>
    public static GranuleCatalog Parse(string json, string? baseDirectory, string source = "catalog")
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new CatalogException($"{source}: the top level must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new CatalogException($"{source}: not valid JSON ({e.Message}).", e);
        }

        var metadataObject = root["metadata"] as JsonObject ?? throw new CatalogException($"{source}: missing object 'metadata'.");
        var catalogObject = root["catalog"] as JsonObject ?? throw new CatalogException($"{source}: missing object 'catalog'.");
        var metadata = ParseMetadata(metadataObject, source);

        var cells = new List<CatalogCell>(catalogObject.Count);
        foreach (var (key, value) in catalogObject)
        {
            long morton;
            try
            {
                morton = Morton.Parse(key);
            }
            catch (FormatException e)
            {
                throw new CatalogException($"{source}: catalog key {e.Message}", e);
            }

            if (Morton.OrderOf(morton) != metadata.ParentOrder)
            {
                throw new CatalogException(
                    $"{source}: catalog key '{key}' is at order {Morton.OrderOf(morton)}, but metadata.parent_order is {metadata.ParentOrder}.");
            }

            if (value is not JsonArray granules || granules.Any(g => g?.GetValueKind() != JsonValueKind.String))
            {
                throw new CatalogException($"{source}: catalog['{key}'] must be a list of granule paths or URLs.");
            }

            cells.Add(new CatalogCell(morton, cells.Count, granules.Select(g => g!.GetValue<string>()).ToArray()));
        }

        if (metadataObject["total_cells"] is JsonValue totalCells && totalCells.TryGetValue(out int declared) && declared != cells.Count)
        {
            throw new CatalogException($"{source}: metadata.total_cells is {declared}, but the catalog lists {cells.Count} cells.");
        }

        var duplicate = cells.GroupBy(c => c.ParentMorton).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new CatalogException($"{source}: cell {duplicate.Key} is listed more than once.");
        }

        return new GranuleCatalog(metadata, cells, baseDirectory);
    }

    /// <summary>The cell with key <paramref name="parentMorton"/>, or an error saying it is not in the catalog.</summary>
    public CatalogCell GetCell(long parentMorton) =>
        Cells.FirstOrDefault(c => c.ParentMorton == parentMorton)
        ?? throw new CatalogException($"Cell {parentMorton.ToString(CultureInfo.InvariantCulture)} not in catalog.");

    private static CatalogMetadata ParseMetadata(JsonObject metadata, string source)
    {
        if (metadata["parent_order"] is not JsonValue orderValue || !orderValue.TryGetValue(out int parentOrder)
            || parentOrder is < 0 or > Morton.MaxOrder)
        {
            throw new CatalogException($"{source}: metadata.parent_order must be an integer in 0..{Morton.MaxOrder}.");
        }

        return new CatalogMetadata(parentOrder, Text(metadata, "short_name"), Text(metadata, "version"),
            Text(metadata, "s3_base"), Text(metadata, "https_base"), metadata);
    }

    private static string? Text(JsonObject metadata, string key) =>
        metadata[key] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
