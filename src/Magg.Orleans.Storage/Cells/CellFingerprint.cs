using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Magg.Orleans.Storage.Cells;

/// <summary>
/// The fingerprint of a cell's inputs: config meaning, sorted distinct granules, store and template, chunk index
/// and orders. Equal fingerprints produce byte-identical chunks, so an equal one means there is nothing to do.
/// </summary>
public static class CellFingerprint
{
    /// <summary>Lower-case hex SHA-256 of the inputs' canonical description.</summary>
    /// <param name="configFingerprint">The config's meaning (<c>ConfigFingerprint.Compute</c>).</param>
    /// <param name="storeLocation">The store's canonical location.</param>
    /// <param name="compression">The chunk compression name.</param>
    /// <param name="templateId">The store template written into.</param>
    /// <param name="parentMorton">The cell.</param>
    /// <param name="chunkIndex">Its chunk.</param>
    /// <param name="totalCells">Cells of the catalog.</param>
    /// <param name="parentOrder">Order of the catalog's cells.</param>
    /// <param name="childOrder">Order of the stored cells.</param>
    /// <param name="granules">The cell's granule addresses (order and duplicates do not matter).</param>
    public static string Compute(string configFingerprint, string storeLocation, string compression, string templateId, long parentMorton, int chunkIndex,
        int totalCells, int parentOrder, int childOrder, IEnumerable<string> granules)
    {
        ArgumentNullException.ThrowIfNull(granules);
        var text = new StringBuilder()
            .Append("config=").Append(configFingerprint).Append('\n')
            .Append("store=").Append(storeLocation).Append('\n')
            .Append("compression=").Append(compression).Append('\n')
            .Append("template=").Append(templateId).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"cell={parentMorton} chunk={chunkIndex} of {totalCells} parent_order={parentOrder} child_order={childOrder}\n");
        foreach (var granule in granules.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            text.Append("granule=").Append(granule).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
