namespace Magg.Orleans;

/// <summary>What a cell grain reports to its batch when it finishes.</summary>
/// <param name="ChunkIndex">The cell's chunk.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Metadata">Its metadata.</param>
/// <param name="Retryable">For failures: whether trying again may succeed (network, throttling, expired credentials).</param>
/// <param name="Attempt">The attempt this report answers.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.CellReport")]
public sealed record CellReport(int ChunkIndex, CellStatus Status, CellMetadata Metadata, bool Retryable, int Attempt);
