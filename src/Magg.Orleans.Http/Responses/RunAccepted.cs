namespace Magg.Orleans.Http.Responses;

/// <summary>A run the cluster took (202): watch it at <paramref name="Location"/>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Status">Where it is now.</param>
/// <param name="Location">Its progress, <c>/v1/runs/{run_id}</c>.</param>
public sealed record RunAccepted(string RunId, RunStatus Status, string Location);
