namespace Magg.Orleans.Grains.Runs;

/// <summary>Persisted per run. Small on purpose: cells live in batch grains, so one item stays far below 400 KB.</summary>
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

    /// <summary>Last counts reported by each batch (the batches hold the truth; this is a cache for progress).</summary>
    [Id(6)] public BatchStats[] Batches { get; set; } = [];

    /// <summary>Whether dispatching was stopped by <c>Cancel</c>.</summary>
    [Id(7)] public bool Cancelled { get; set; }
}
