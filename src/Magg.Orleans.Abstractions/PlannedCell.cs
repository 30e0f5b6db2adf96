namespace Magg.Orleans;

/// <summary>A parent cell selected for a run.</summary>
/// <param name="ChunkIndex">Position of the cell in the full catalog: the chunk it writes.</param>
/// <param name="ParentMorton">The parent cell.</param>
/// <param name="Granules">Granule addresses to read (catalog entries resolved for the run's driver).</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.PlannedCell")]
public sealed record PlannedCell(int ChunkIndex, long ParentMorton, string[] Granules);
