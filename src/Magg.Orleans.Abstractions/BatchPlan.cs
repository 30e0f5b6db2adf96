namespace Magg.Orleans;

/// <summary>
/// A contiguous range of the catalog, owned by one batch grain: the mortons of every catalog cell in the range (so
/// the batch can write their coordinate chunks) and the cells of the range this run processes, with their granules.
/// Sized by the client so the batch's persisted state stays far below a DynamoDB item's 400 KB.
/// </summary>
/// <param name="BatchIndex">Position of the batch in the run.</param>
/// <param name="FirstChunkIndex">Catalog position of <c>CatalogMortons[0]</c>.</param>
/// <param name="CatalogMortons">Parent mortons of the catalog range, in catalog order.</param>
/// <param name="Cells">Selected cells of the range.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.BatchPlan")]
public sealed record BatchPlan(int BatchIndex, int FirstChunkIndex, long[] CatalogMortons, PlannedCell[] Cells);
