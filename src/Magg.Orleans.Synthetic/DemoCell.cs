namespace Magg.Orleans.Synthetic;

/// <summary>One parent cell of a demo catalog, with its ground truth.</summary>
/// <param name="ParentMorton">The cell (catalog key).</param>
/// <param name="ChunkIndex">Its position in the catalog.</param>
/// <param name="Granules">Granules listed for it, relative to the catalog folder (<c>granules/ATL06_....h5</c>).</param>
/// <param name="Rows">Segments with valid coordinates inside the cell, over all its granules.</param>
/// <param name="ExpectedObservations">
/// Of those, the rows the ATL06 pipeline keeps (quality 0, finite and non-fill latitude, longitude, <c>h_li</c>,
/// <c>h_li_sigma</c>): the <c>total_obs</c> processing the cell must report.
/// </param>
public sealed record DemoCell(long ParentMorton, int ChunkIndex, IReadOnlyList<string> Granules, long Rows, long ExpectedObservations);
