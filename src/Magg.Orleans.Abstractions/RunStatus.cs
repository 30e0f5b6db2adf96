namespace Magg.Orleans;

/// <summary>Where a run is.</summary>
public enum RunStatus
{
    /// <summary>Not started (no such run).</summary>
    Unknown,
    /// <summary>Creating or checking the store template.</summary>
    Preparing,
    /// <summary>Processing cells.</summary>
    Running,
    /// <summary>Writing consolidated metadata.</summary>
    Consolidating,
    /// <summary>Every cell is done.</summary>
    Completed,
    /// <summary>Finished, and some cells failed.</summary>
    CompletedWithErrors,
    /// <summary>The run could not proceed (e.g. a conflicting store template); see the error.</summary>
    Failed,
    /// <summary>Cancelled: no new cells were dispatched after the cancellation.</summary>
    Cancelled,
    /// <summary>Paused: the run reads with its client's Earthdata credentials, and the silo holding them was lost. No cell
    /// is dispatched (none is failed) until the client supplies them again.</summary>
    NeedsCredentials,
}
