namespace Magg.Orleans;

/// <summary>Per-cell metadata of a run's results (magg's fields, plus failure counts).</summary>
/// <param name="ParentMorton">The parent cell.</param>
/// <param name="CellsWithData">Children with at least one observation.</param>
/// <param name="TotalObs">Observations aggregated.</param>
/// <param name="GranuleCount">Distinct granules listed for the cell.</param>
/// <param name="FilesProcessed">Granules read.</param>
/// <param name="DurationSeconds">Wall time of the processing that produced the chunk.</param>
/// <param name="Error">"No granules found", "No data after filtering", or why the cell failed; null when written.</param>
/// <param name="GranulesFailed">Granules that could not be read.</param>
/// <param name="GroupsFailed">Groups that could not be read.</param>
/// <param name="Failures">Up to a few failure reasons ("granule[ group]: reason").</param>
/// <param name="FailureDetails">The same failures with the granule, group and reason apart (null in outcomes recorded before they were kept).</param>
/// <param name="Lambda">What Lambda billed for the cell, over its attempts (lambda backend; null otherwise).</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.CellMetadata")]
public sealed record CellMetadata(
    long ParentMorton,
    int CellsWithData,
    long TotalObs,
    int GranuleCount,
    int FilesProcessed,
    double DurationSeconds,
    string? Error,
    int GranulesFailed,
    int GroupsFailed,
    string[] Failures,
    LambdaUsage? Lambda = null,
    CellFailure[]? FailureDetails = null);
