namespace Magg.Orleans.Http.Responses;

/// <summary>A run's progress (<c>GET /v1/runs/{run_id}</c> and each server-sent event).</summary>
public sealed record ProgressBody(
    string RunId,
    RunStatus Status,
    bool Finished,
    int TotalCells,
    int CellsDone,
    int CellsFailed,
    int CellsInFlight,
    int CellsPending,
    int CellsWithData,
    long TotalObs,
    double ElapsedS,
    double? EtaS,
    string? Error,
    int Faults,
    bool ClientCredentials)
{
    /// <summary>The body of <paramref name="progress"/>.</summary>
    public static ProgressBody Of(RunProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return new(progress.RunId, progress.Status, progress.IsFinished, progress.TotalCells, progress.CellsDone, progress.CellsFailed, progress.CellsInFlight,
            progress.CellsPending, progress.CellsWithData, progress.TotalObs, Math.Round(progress.Elapsed.TotalSeconds, 3),
            progress.Eta is { } eta ? Math.Round(eta.TotalSeconds, 1) : null, progress.Error, progress.Faults, progress.ClientCredentials);
    }
}
