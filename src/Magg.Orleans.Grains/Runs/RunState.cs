namespace Magg.Orleans.Grains.Runs;

/// <summary>
/// Persisted per run. Small whatever the run's size: cells live in batch grains, and per-batch counts are not kept
/// here (the batches hold them; an activation asks them again), only the run's totals.
/// </summary>
[GenerateSerializer, Alias("Magg.Orleans.Grains.RunState")]
public sealed class RunState
{
    /// <summary>The run as started; null before <c>Start</c>.</summary>
    [Id(0)] public RunHeader? Header { get; set; }

    /// <summary>Where the run is.</summary>
    [Id(1)] public RunStatus Status { get; set; }

    /// <summary>The store template the run writes into, once prepared.</summary>
    [Id(2)] public string? TemplateId { get; set; }

    /// <summary>Why the run failed.</summary>
    [Id(3)] public string? Error { get; set; }

    /// <summary>When <c>Start</c> was first called.</summary>
    [Id(4)] public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the run finished.</summary>
    [Id(5)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>No longer written (per-batch counts made the item grow with the run); read and ignored.</summary>
    [Id(6)] public BatchStats[] Batches { get; set; } = [];

    /// <summary>Whether dispatching was stopped by <c>Cancel</c>.</summary>
    [Id(7)] public bool Cancelled { get; set; }

    /// <summary>The run's totals as last counted (what progress shows until the batches are asked again).</summary>
    [Id(8)] public RunTotals Totals { get; set; } = new();

    /// <summary>Failed attempts of the run's own steps, in all.</summary>
    [Id(9)] public int Faults { get; set; }

    /// <summary>Failed attempts in a row of the current step (reset by a success).</summary>
    [Id(10)] public int ConsecutiveFaults { get; set; }

    /// <summary>The last fault's message.</summary>
    [Id(11)] public string? LastFault { get; set; }

    /// <summary>When <c>Cancel</c> was called.</summary>
    [Id(12)] public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>Where the run's report page is, once written.</summary>
    [Id(13)] public string? ReportHtml { get; set; }

    /// <summary>Where the run's JSON report is, once written.</summary>
    [Id(14)] public string? ReportJson { get; set; }

    /// <summary>Why the last attempt at writing the report failed.</summary>
    [Id(15)] public string? ReportError { get; set; }

    /// <summary>Attempts at writing the report so far.</summary>
    [Id(16)] public int ReportAttempts { get; set; }
}
