namespace Magg.Orleans;

/// <summary>One cell of a run as its report shows it.</summary>
/// <param name="ChunkIndex">The cell's chunk.</param>
/// <param name="Status">How it ended (<see cref="CellStatus.NotProcessed"/> for a cell the run never finished).</param>
/// <param name="Metadata">Its outcome.</param>
/// <param name="FailureGranules">The granule of each of <see cref="CellMetadata.FailureDetails"/>, by name, in the same order.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.CellReportRow")]
public sealed record CellReportRow(int ChunkIndex, CellStatus Status, CellMetadata Metadata, string[] FailureGranules);
