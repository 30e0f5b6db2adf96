using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Magg.Orleans.Grains.Cells;

/// <summary>
/// The fingerprint of a cell's inputs: config meaning, sorted distinct granules, store and template, chunk index
/// and orders. Equal fingerprints produce byte-identical chunks, so an equal one means there is nothing to do.
/// </summary>
internal static class CellFingerprint
{
    public static string Compute(CellWork work, string configFingerprint, int childOrder)
    {
        var text = new StringBuilder()
            .Append("config=").Append(configFingerprint).Append('\n')
            .Append("store=").Append(work.Context.Store.NormalizedLocation).Append('\n')
            .Append("compression=").Append(work.Context.Store.Compression).Append('\n')
            .Append("template=").Append(work.Context.TemplateId).Append('\n')
            .Append(CultureInfo.InvariantCulture, $"cell={work.Cell.ParentMorton} chunk={work.Cell.ChunkIndex} of {work.Context.TotalCatalogCells} parent_order={work.Context.ParentOrder} child_order={childOrder}\n");
        foreach (var granule in work.Cell.Granules.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            text.Append("granule=").Append(granule).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
