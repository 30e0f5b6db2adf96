using System.Globalization;
using System.Text;
using Magg.Orleans.Core.Security;

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

    /// <summary>Reads a catalog file within the default <see cref="InputLimits"/>.</summary>
    public static Task<GranuleCatalog> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        LoadAsync(path, new InputLimits(), cancellationToken);

    /// <summary>
    /// Reads a catalog file as a stream, within <paramref name="limits"/>: magg JSON, or GeoParquet
    /// (<see cref="GranuleCatalogParquet"/>, recognised by its magic bytes). Every problem is a <see cref="CatalogException"/>
    /// with its line and byte position.
    /// </summary>
    public static async Task<GranuleCatalog> LoadAsync(string path, InputLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (await GranuleCatalogParquet.IsParquetAsync(path, cancellationToken).ConfigureAwait(false))
        {
            return await GranuleCatalogParquet.LoadAsync(path, limits, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                return await CatalogJsonReader.ReadAsync(stream, Path.GetDirectoryName(Path.GetFullPath(path)), path, limits, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogException($"Cannot read catalog '{path}': {e.Message}", e);
        }
    }

    /// <summary>Reads catalog JSON from <paramref name="stream"/> (a file, an S3 or HTTP body) within <paramref name="limits"/>.</summary>
    public static Task<GranuleCatalog> ReadAsync(Stream stream, string? baseDirectory, string source, InputLimits limits, CancellationToken cancellationToken = default) =>
        CatalogJsonReader.ReadAsync(stream, baseDirectory, source, limits, cancellationToken);

    /// <summary>Parses catalog JSON within the default <see cref="InputLimits"/>; <paramref name="source"/> names it in error messages.</summary>
    public static GranuleCatalog Parse(string json, string? baseDirectory, string source = "catalog") =>
        Parse(json, baseDirectory, source, new InputLimits());

    /// <summary>Parses catalog JSON within <paramref name="limits"/>; <paramref name="source"/> names it in error messages.</summary>
    public static GranuleCatalog Parse(string json, string? baseDirectory, string source, InputLimits limits)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(limits);
        if (json.Length > limits.MaxCatalogBytes)
        {
            throw new CatalogException(source, 1, 1, 0, string.Create(CultureInfo.InvariantCulture,
                $"the catalog is over the {limits.MaxCatalogBytes:N0}-byte limit for catalogs (Magg:Limits:MaxCatalogBytes)"));
        }

        return CatalogJsonReader.Read(Encoding.UTF8.GetBytes(json), baseDirectory, source, limits);
    }

    /// <summary>The cell with key <paramref name="parentMorton"/>, or an error saying it is not in the catalog.</summary>
    public CatalogCell GetCell(long parentMorton) =>
        Cells.FirstOrDefault(c => c.ParentMorton == parentMorton)
        ?? throw new CatalogException($"Cell {parentMorton.ToString(CultureInfo.InvariantCulture)} not in catalog.");
}
