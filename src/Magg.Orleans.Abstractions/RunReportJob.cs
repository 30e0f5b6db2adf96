namespace Magg.Orleans;

/// <summary>What the report of a finished run is made from, besides its batches' cells.</summary>
/// <param name="Header">The run as started.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it ended.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.RunReportJob")]
public sealed record RunReportJob(RunHeader Header, RunStatus Status, string? Error, DateTimeOffset StartedAt, DateTimeOffset FinishedAt);
