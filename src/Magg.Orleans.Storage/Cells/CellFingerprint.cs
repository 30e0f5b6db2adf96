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
    /// <summary>Lower-case hex SHA-256 of the inputs' canonical description (one fact per line).</summary>
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
        int totalCells, int parentOrder, int childOrder, IReadOnlyCollection<string> granules)
    {
        ArgumentNullException.ThrowIfNull(granules);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Line(hash, "config=", configFingerprint);
        Line(hash, "store=", storeLocation);
        Line(hash, "compression=", compression);
        Line(hash, "template=", templateId);
        Line(hash, "", string.Create(CultureInfo.InvariantCulture,
            $"cell={parentMorton} chunk={chunkIndex} of {totalCells} parent_order={parentOrder} child_order={childOrder}"));
        IEnumerable<string> sorted = granules.Count < 2 ? granules : granules.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var granule in sorted)
        {
            Line(hash, "granule=", granule);
        }

        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    private static void Line(IncrementalHash hash, string label, string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(label) + Encoding.UTF8.GetByteCount(value) + 1;
        Span<byte> buffer = bytes <= 512 ? stackalloc byte[bytes] : new byte[bytes];
        var written = Encoding.UTF8.GetBytes(label, buffer);
        written += Encoding.UTF8.GetBytes(value, buffer[written..]);
        buffer[written] = (byte)'\n';
        hash.AppendData(buffer);
    }
}
