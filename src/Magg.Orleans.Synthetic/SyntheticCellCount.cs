namespace Magg.Orleans.Synthetic;

/// <summary>How many rows of a granule fall in one parent cell.</summary>
/// <param name="Rows">Rows with valid coordinates in the cell (the granule's footprint touches the cell).</param>
/// <param name="ValidRows">Of those, rows the ATL06 pipeline keeps (see <see cref="SyntheticBeam.IsValid"/>).</param>
public readonly record struct SyntheticCellCount(long Rows, long ValidRows);
