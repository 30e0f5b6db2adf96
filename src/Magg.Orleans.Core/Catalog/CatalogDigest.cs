using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Magg.Orleans.Core.Catalog;

/// <summary>
/// The identity of a catalog's cell list: which parent cell each chunk index holds. Two catalogs with the same cells
/// in the same order have the same digest whatever their granules; a different list of the same length does not.
/// </summary>
public static class CatalogDigest
{
    /// <summary>Lower-case hex SHA-256 over the parent mortons in catalog order (8 bytes little-endian each).</summary>
    public static string Of(IEnumerable<long> parentMortons)
    {
        ArgumentNullException.ThrowIfNull(parentMortons);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> bytes = stackalloc byte[8];
        foreach (var morton in parentMortons)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, morton);
            hash.AppendData(bytes);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
