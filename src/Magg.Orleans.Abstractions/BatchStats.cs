namespace Magg.Orleans;

/// <summary>Counts of one batch, reported to its run (the batch is the source of truth for its cells).</summary>
/// <param name="Pending">Cells waiting to be dispatched (including failed cells waiting for a retry).</param>
/// <param name="InFlight">Cells dispatched and not yet reported.</param>
/// <param name="Done">Cells written, up to date or empty.</param>
/// <param name="Failed">Cells that failed for good.</param>
/// <param name="CellsWithData">Done cells that hold data (a chunk).</param>
/// <param name="TotalObs">Observations of the done cells.</param>
/// <param name="GranulesFailed">Granules that could not be read, over the done cells.</param>
/// <param name="Version">The batch's change counter when the counts were taken (newer counts win).</param>
/// <param name="NextDueAt">When pending cells exist but none may be dispatched yet (retry backoff): the earliest time one may.</param>
/// <param name="UpToDate">Done cells answered from their record or stamp without reading a granule.</param>
/// <param name="AwaitingCredentials">Pending cells that found no client credentials for their run (they wait; they are not failed).</param>
/// <param name="Throttles">Throttled attempts so far (Lambda did not run the cell), counted from the batch's start.</param>
/// <param name="LastThrottledDispatch">When the most recently dispatched of the throttled attempts was dispatched.</param>
/// <param name="LambdaGbSeconds">GB-seconds Lambda billed for the batch's cells so far.</param>
/// <param name="LambdaInvocations">Invocations Lambda billed for the batch's cells so far.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.BatchStats")]
public sealed record BatchStats(int Pending, int InFlight, int Done, int Failed, int CellsWithData, long TotalObs, int GranulesFailed, long Version = 0,
    DateTimeOffset? NextDueAt = null,
    int UpToDate = 0,
    long Throttles = 0,
    DateTimeOffset? LastThrottledDispatch = null,
    double LambdaGbSeconds = 0,
    long LambdaInvocations = 0,
    int AwaitingCredentials = 0)
{
    /// <summary>A batch with nothing in it.</summary>
    public static BatchStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);

    /// <summary>True when every cell is done or failed.</summary>
    public bool IsFinished => Pending == 0 && InFlight == 0;
}
