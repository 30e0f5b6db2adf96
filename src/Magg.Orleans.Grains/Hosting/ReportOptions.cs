using Magg.Orleans.Quicklook.Reports;

namespace Magg.Orleans.Grains.Hosting;

/// <summary>How runs write their reports into their stores (configuration section <c>Magg:Reports</c>).</summary>
public sealed class ReportOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:Reports";

    /// <summary>Whether every finished run writes <c>_magg/runs/{run_id}.json|html</c> into its store.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Above this many cells, a report leaves out the rows of cleanly written cells (totals still count them).</summary>
    public int MaxCellRows { get; set; } = RunReportBuilder.DefaultMaxRows;

    /// <summary>The page has no map when the store has more chunks than this (drawing reads every chunk with data); draw one with <c>magg-orleans plot</c>.</summary>
    public int MaxMapChunks { get; set; } = 20_000;

    /// <summary>Chunks read at once while drawing the map.</summary>
    public int MapReadConcurrency { get; set; } = 16;

    /// <summary>Attempts at writing a run's report (a silo lost mid-write tries again when the run is next activated).</summary>
    public int MaxAttempts { get; set; } = 3;
}
