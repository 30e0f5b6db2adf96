namespace Magg.Orleans.Quicklook.Reports;

/// <summary>
/// What a run did, written next to its store as <c>_magg/runs/{run_id}.json</c> (schema
/// <c>magg-orleans/run-report</c>, version <see cref="CurrentSchemaVersion"/>; <c>Reports/run-report.v1.schema.json</c>)
/// and rendered as <c>_magg/runs/{run_id}.html</c> by <see cref="RunReportWriter"/>.
/// </summary>
/// <remarks>The model has no place for credentials; <see cref="RunReportWriter"/> also strips user info and query strings from URLs.</remarks>
public sealed record RunReport
{
    /// <summary>The schema name every report carries.</summary>
    public const string SchemaName = "magg-orleans/run-report";

    /// <summary>The version this code writes; readers accept this version only.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Always <see cref="SchemaName"/>.</summary>
    public string Schema { get; init; } = SchemaName;

    /// <summary>The schema version, <see cref="CurrentSchemaVersion"/> when written by this code.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>How the run ended: <c>completed</c>, <c>completed_with_errors</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public required string Status { get; init; }

    /// <summary>Why the run failed, when it did.</summary>
    public string? Error { get; init; }

    /// <summary>When the report was made.</summary>
    public required DateTimeOffset GeneratedAt { get; init; }

    /// <summary>What was asked for (without credentials).</summary>
    public required RunReportRequest Request { get; init; }

    /// <summary>Counts over the cells.</summary>
    public required RunReportTotals Totals { get; init; }

    /// <summary>When it ran and how long cells took.</summary>
    public required RunReportTimings Timings { get; init; }

    /// <summary>One row per cell of the run, in catalog order (for very large runs, only the rows worth reading: see <see cref="CellsOmitted"/>).</summary>
    public required IReadOnlyList<RunReportCell> Cells { get; init; }

    /// <summary>
    /// Rows left out of <see cref="Cells"/> to keep the report readable: a run of more cells than <see cref="RunReportBuilder.MaxRows"/>
    /// keeps failed, empty and not-processed cells and cells with granule failures, and leaves out cleanly written ones. Totals
    /// and timings always count every cell.
    /// </summary>
    public int CellsOmitted { get; init; }
}
