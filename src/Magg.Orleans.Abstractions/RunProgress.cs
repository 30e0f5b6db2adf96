namespace Magg.Orleans;

/// <summary>A snapshot of a run.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Status">Where it is.</param>
/// <param name="TotalCells">Cells in the run.</param>
/// <param name="CellsDone">Cells written, up to date or empty.</param>
/// <param name="CellsFailed">Cells that failed for good.</param>
/// <param name="CellsInFlight">Cells being processed.</param>
/// <param name="CellsPending">Cells waiting.</param>
/// <param name="CellsWithData">Done cells that hold data.</param>
/// <param name="TotalObs">Observations aggregated so far.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Eta">Estimated time to completion, once some cells are done.</param>
/// <param name="Error">Why the run failed, when it did; while it retries a failing step, that step's last error.</param>
/// <param name="Faults">Failed attempts of the run's own steps (prepare, tick, consolidate) so far, each retried with backoff.</param>
/// <param name="ClientCredentials">The run reads with Earthdata credentials its client supplied (see <see cref="IRunCredentialsGrain"/>).</param>
/// <param name="Concurrency">Cells the run lets be in flight now: <see cref="RunHeader.MaxWorkers"/>, or less while Lambda throttles.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.RunProgress")]
public sealed record RunProgress(
    string RunId,
    RunStatus Status,
    int TotalCells,
    int CellsDone,
    int CellsFailed,
    int CellsInFlight,
    int CellsPending,
    int CellsWithData,
    long TotalObs,
    TimeSpan Elapsed,
    TimeSpan? Eta,
    string? Error,
    int Faults = 0,
    int Concurrency = 0,
    bool ClientCredentials = false)
{
    /// <summary>True when the run will make no more progress.</summary>
    public bool IsFinished => Status is RunStatus.Completed or RunStatus.CompletedWithErrors or RunStatus.Failed or RunStatus.Cancelled;
}
