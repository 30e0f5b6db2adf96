namespace Magg.Orleans;

/// <summary>What a cell grain reports to its batch when it finishes.</summary>
/// <param name="ChunkIndex">The cell's chunk.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Metadata">Its metadata.</param>
/// <param name="Retryable">For failures: whether trying again may succeed (network, throttling, expired credentials).</param>
/// <param name="Attempt">The attempt this report answers.</param>
/// <param name="Throttled">For failures: Lambda did not run the cell (429, 5xx); it is tried again later without counting an attempt, and the run lowers its concurrency.</param>
/// <param name="FunctionError">For failures: the Lambda function crashed or timed out; the cell is tried once more, then fails.</param>
/// <param name="Lambda">What Lambda billed for this attempt (lambda backend).</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.CellReport")]
public sealed record CellReport(int ChunkIndex, CellStatus Status, CellMetadata Metadata, bool Retryable, int Attempt, bool Throttled = false,
    bool FunctionError = false, LambdaUsage? Lambda = null);
