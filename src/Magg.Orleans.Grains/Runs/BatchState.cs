namespace Magg.Orleans.Grains.Runs;

/// <summary>Persisted per batch: its plan and the state of each of its cells.</summary>
[GenerateSerializer, Alias("Magg.Orleans.Grains.BatchState")]
public sealed class BatchState
{
    /// <summary>The run context; null before <c>Load</c>.</summary>
    [Id(0)] public RunContext? Context { get; set; }

    /// <summary>The batch's plan.</summary>
    [Id(1)] public BatchPlan? Plan { get; set; }

    /// <summary>One entry per planned cell, in plan order.</summary>
    [Id(2)] public BatchCell[] Cells { get; set; } = [];

    /// <summary>Whether the batch may dispatch (its run prepared the store).</summary>
    [Id(3)] public bool Begun { get; set; }

    /// <summary>Whether dispatching was stopped.</summary>
    [Id(4)] public bool Cancelled { get; set; }

    /// <summary>Counts every change of the cells, so the run can tell fresh counts from stale ones.</summary>
    [Id(5)] public long Version { get; set; }

    /// <summary>Throttled attempts of the batch's cells so far (Lambda did not run them).</summary>
    [Id(6)] public long Throttles { get; set; }

    /// <summary>When the most recently dispatched throttled attempt was dispatched.</summary>
    [Id(7)] public DateTimeOffset? LastThrottledDispatch { get; set; }
}

/// <summary>The state of one cell in its batch.</summary>
[GenerateSerializer, Alias("Magg.Orleans.Grains.BatchCell")]
public sealed class BatchCell
{
    /// <summary>Where the cell is.</summary>
    [Id(0)] public BatchCellStatus Status { get; set; }

    /// <summary>Attempts so far (dispatches, including lease re-dispatches).</summary>
    [Id(1)] public int Attempt { get; set; }

    /// <summary>When the current attempt was dispatched.</summary>
    [Id(2)] public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>A pending retry is not dispatched before this.</summary>
    [Id(3)] public DateTimeOffset? NotBefore { get; set; }

    /// <summary>The outcome once done or failed.</summary>
    [Id(4)] public CellMetadata? Metadata { get; set; }

    /// <summary>True when the done cell holds data (wrote a chunk).</summary>
    [Id(5)] public bool HasData { get; set; }

    /// <summary>Dispatches that were never answered within the lease (a lost silo, a dropped message).</summary>
    [Id(6)] public int LeaseExpiries { get; set; }

    /// <summary>True when the done cell was answered from its record or stamp without reading a granule.</summary>
    [Id(7)] public bool UpToDate { get; set; }

    /// <summary>Throttles in a row of the cell (reset by any other answer).</summary>
    [Id(8)] public int Throttles { get; set; }

    /// <summary>Attempts that Lambda throttled (they count no attempt toward <c>MaxAttempts</c>).</summary>
    [Id(9)] public int ThrottledAttempts { get; set; }

    /// <summary>Attempts that ended in a function error (a crash, a timeout): the first is retried, the second fails the cell.</summary>
    [Id(10)] public int FunctionErrors { get; set; }

    /// <summary>What Lambda billed for the cell, over its attempts.</summary>
    [Id(11)] public LambdaUsage? Lambda { get; set; }

    /// <summary>True while the pending cell waits for its run's client credentials (it found none when it was last dispatched).</summary>
    [Id(12)] public bool AwaitingCredentials { get; set; }
}

/// <summary>Where a cell is within its batch.</summary>
public enum BatchCellStatus
{
    /// <summary>Waiting for a permit (or for its retry time).</summary>
    Pending,
    /// <summary>Dispatched to its cell grain.</summary>
    InFlight,
    /// <summary>Written, up to date or empty.</summary>
    Done,
    /// <summary>Failed for good.</summary>
    Failed,
}
