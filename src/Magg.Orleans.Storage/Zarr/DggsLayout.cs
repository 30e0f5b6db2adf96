using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>
/// The shape of a DGGS output store: group <c>{child_order}</c> with one 1-D array per coordinate and variable, each
/// <c>4^(c-p) * total_cells</c> long in chunks of <c>4^(c-p)</c> (one chunk per catalog cell).
/// </summary>
public sealed record DggsLayout
{
    /// <summary>Name of the NESTED cell id coordinate.</summary>
    public const string CellIdsName = "cell_ids";

    /// <summary>Name of the decimal morton coordinate.</summary>
    public const string MortonName = "morton";

    private const string TemplateVersion = "magg-orleans zarr-dggs template 1";

    /// <summary>The layout a pipeline config gives for a catalog of <paramref name="totalCells"/> parent cells at <paramref name="parentOrder"/>.</summary>
    /// <param name="config">The pipeline config (its arrays and child order).</param>
    /// <param name="parentOrder">Order of the catalog's cells.</param>
    /// <param name="totalCells">Cells in the catalog.</param>
    /// <param name="compression">Chunk compression.</param>
    /// <param name="catalogDigest">Hash of the catalog's cell list (see <see cref="CatalogDigest"/>); empty when unknown.</param>
    public DggsLayout(PipelineConfig config, int parentOrder, int totalCells, ChunkCompression compression = ChunkCompression.None, string catalogDigest = "")
        : this(RequireConfig(config).ChildOrder, parentOrder, totalCells, ArraysOf(config), compression, catalogDigest)
    {
    }

    /// <summary>A layout from explicit arrays: <c>cell_ids</c> and <c>morton</c> first, then the variables.</summary>
    public DggsLayout(int childOrder, int parentOrder, int totalCells, IReadOnlyList<DggsArray> arrays, ChunkCompression compression = ChunkCompression.None,
        string catalogDigest = "")
    {
        ArgumentNullException.ThrowIfNull(catalogDigest);
        ArgumentNullException.ThrowIfNull(arrays);
        if (parentOrder < 0 || childOrder < parentOrder || childOrder - parentOrder > 12 || childOrder > Core.Spatial.Healpix.MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(childOrder),
                $"Child order {childOrder} must be in parent order {parentOrder} .. {parentOrder + 12} (and at most {Core.Spatial.Healpix.MaxOrder}).");
        }

        if (totalCells <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(totalCells), $"A store needs at least one cell, not {totalCells}.");
        }

        if (arrays.Count < 2 || arrays[0].Name != CellIdsName || arrays[1].Name != MortonName)
        {
            throw new ArgumentException($"The first arrays must be '{CellIdsName}' and '{MortonName}'.", nameof(arrays));
        }

        foreach (var array in arrays)
        {
            CheckName(array.Name);
            if (!array.DataType.CanHold(array.FillValue))
            {
                throw new ArgumentException($"Fill value {array.FillValue} of array '{array.Name}' is not a {array.DataType.Name()} value.", nameof(arrays));
            }
        }

        if (arrays.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != arrays.Count)
        {
            throw new ArgumentException("Array names must be unique.", nameof(arrays));
        }

        ChildOrder = childOrder;
        ParentOrder = parentOrder;
        TotalCells = totalCells;
        Compression = compression;
        CatalogDigest = catalogDigest;
        Arrays = arrays.ToArray();
        ChunkLength = 1 << (2 * (childOrder - parentOrder));
        TemplateId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Describe())));
    }

    /// <summary>HEALPix order of the stored cells; also the group's path.</summary>
    public int ChildOrder { get; }

    /// <summary>Order of the catalog (parent) cells, one chunk each.</summary>
    public int ParentOrder { get; }

    /// <summary>Number of catalog cells = number of chunks per array.</summary>
    public int TotalCells { get; }

    /// <summary>The compression codec of every array.</summary>
    public ChunkCompression Compression { get; }

    /// <summary>
    /// Hash of the catalog's cell list (<c>CatalogDigest.Of</c>): which parent cell each chunk holds. Part of
    /// the template id, so a different catalog with the same cell count is a different template. Empty when unknown.
    /// </summary>
    public string CatalogDigest { get; }

    /// <summary><c>cell_ids</c>, <c>morton</c>, then the variables in config order.</summary>
    public IReadOnlyList<DggsArray> Arrays { get; }

    /// <summary>Elements per chunk: 4^(child order - parent order).</summary>
    public int ChunkLength { get; }

    /// <summary>Elements per array: chunk length times total cells.</summary>
    public long Length => (long)ChunkLength * TotalCells;

    /// <summary>The group's path in the store, e.g. <c>12</c>.</summary>
    public string GroupPath => ChildOrder.ToString(CultureInfo.InvariantCulture);

    /// <summary>Stable hash (lower-case hex SHA-256) of everything that shapes the store; equal ids mean interchangeable stores.</summary>
    public string TemplateId { get; }

    /// <summary>The array written last by <see cref="ZarrDggsStore.WriteChunkAsync"/>: its chunk marks the cell as complete.</summary>
    public DggsArray CompletionArray => Arrays[^1];

    /// <summary>Key of an array's <c>zarr.json</c>, e.g. <c>12/h_mean/zarr.json</c>.</summary>
    public string ArrayMetadataKey(string array) => $"{GroupPath}/{array}/zarr.json";

    /// <summary>Key of chunk <paramref name="chunkIndex"/> of an array (default encoding, '/' separator), e.g. <c>12/h_mean/c/3</c>.</summary>
    public string ChunkKey(string array, int chunkIndex) => string.Create(CultureInfo.InvariantCulture, $"{GroupPath}/{array}/c/{chunkIndex}");

    /// <summary>The array called <paramref name="name"/>.</summary>
    public DggsArray GetArray(string name) =>
        Arrays.FirstOrDefault(a => a.Name == name) ?? throw new KeyNotFoundException($"The store has no array '{name}'.");

    /// <summary>Layouts are equal when their templates are.</summary>
    public bool Equals(DggsLayout? other) => other is not null && TemplateId == other.TemplateId;

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(TemplateId);

    /// <summary>The canonical text the template id hashes (one fact per line).</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(TemplateVersion).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"child_order={ChildOrder}\nparent_order={ParentOrder}\ntotal_cells={TotalCells}\n");
        text.Append(CultureInfo.InvariantCulture, $"compression={CompressionName(Compression)}\n");
        if (CatalogDigest.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"catalog_cells={CatalogDigest}\n");
        }

        foreach (var array in Arrays)
        {
            text.Append(CultureInfo.InvariantCulture, $"array {array.Name} {array.DataType.Name()} fill {array.FillValue:R}\n");
        }

        return text.ToString();
    }

    internal static string CompressionName(ChunkCompression compression) => compression switch
    {
        ChunkCompression.None => "none",
        ChunkCompression.Zstd => "zstd",
        ChunkCompression.Gzip => "gzip",
        _ => throw new ArgumentOutOfRangeException(nameof(compression)),
    };

    private static PipelineConfig RequireConfig(PipelineConfig config) => config ?? throw new ArgumentNullException(nameof(config));

    private static DggsArray[] ArraysOf(PipelineConfig config)
    {
        var aggregation = RequireConfig(config).Aggregation;
        return
        [
            new DggsArray(CellIdsName, aggregation.CellIds.DataType, aggregation.CellIds.FillValue),
            new DggsArray(MortonName, aggregation.Morton.DataType, aggregation.Morton.FillValue),
            .. aggregation.Variables.Select(v => new DggsArray(v.Name, v.DataType, v.FillValue)),
        ];
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name is "." or ".." or "zarr.json" || name.StartsWith("__", StringComparison.Ordinal)
            || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name}' cannot be a Zarr array name (no '/', not '.', '..', 'zarr.json' or starting with '__').", nameof(name));
        }
    }
}
