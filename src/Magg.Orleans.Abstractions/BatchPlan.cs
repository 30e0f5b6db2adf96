namespace Magg.Orleans;

/// <summary>
/// The cells of one batch grain: a contiguous run of the selected cells in catalog order, with their granules.
/// Sized by the client so the batch's persisted state stays far below a DynamoDB item's 400 KB.
/// </summary>
/// <param name="BatchIndex">Position of the batch in the run.</param>
/// <param name="FirstChunkIndex">Chunk index of the batch's first cell.</param>
/// <param name="CatalogMortons">Unused since cells write their own coordinates (kept empty; the field stays for old plans).</param>
/// <param name="Cells">The batch's cells.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.BatchPlan")]
public sealed record BatchPlan(int BatchIndex, int FirstChunkIndex, long[] CatalogMortons, PlannedCell[] Cells)
{
    /// <summary>Most cells in one batch (clients plan at most this many; silos refuse more).</summary>
    public const int MaxCells = 256;
}
