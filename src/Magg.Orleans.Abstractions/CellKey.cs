using System.Globalization;

namespace Magg.Orleans;

/// <summary>
/// Identity of a cell grain: one output store and one parent cell, i.e. one Zarr chunk. Its string form
/// <c>{storeId}/{parentMorton}</c> is the grain key, so every run writing that chunk meets the same grain.
/// </summary>
/// <param name="StoreId">Short stable id of the output store (see <see cref="StoreSpec.Id"/>).</param>
/// <param name="ParentMorton">The parent cell, signed decimal morton.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.CellKey")]
public readonly record struct CellKey(string StoreId, long ParentMorton)
{
    /// <summary>The grain key.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{StoreId}/{ParentMorton}");

    /// <summary>Parses a grain key written by <see cref="ToString"/>.</summary>
    public static CellKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.LastIndexOf('/');
        if (slash <= 0 || !long.TryParse(key.AsSpan(slash + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var morton))
        {
            throw new FormatException($"'{key}' is not a cell key of the form <store id>/<parent morton>.");
        }

        return new CellKey(key[..slash], morton);
    }
}
