namespace Magg.Orleans.Core.Granules;

/// <summary>
/// A granule source that can tell cheaply, without opening it, which version of a granule an address holds (local
/// files: path, length and last write time). Readers then keep such granules open between cells.
/// </summary>
public interface IGranuleVersionSource
{
    /// <summary>The version <paramref name="address"/> holds now; false when unknown (not this source's, or missing).</summary>
    bool TryGetVersion(Uri address, out GranuleKey key);
}
