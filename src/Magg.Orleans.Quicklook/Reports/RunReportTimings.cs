namespace Magg.Orleans.Quicklook.Reports;

/// <summary>When a run ran and how long its cells took.</summary>
/// <param name="StartedAt">When the run started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="WallTimeSeconds">Its wall time.</param>
/// <param name="CellSecondsTotal">Sum of the cells' processing times.</param>
/// <param name="CellSecondsMedian">Median cell time (0 without cells).</param>
/// <param name="CellSecondsP95">95th percentile of cell times (nearest rank).</param>
/// <param name="CellSecondsMax">Slowest cell.</param>
public sealed record RunReportTimings(
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    double WallTimeSeconds,
    double CellSecondsTotal,
    double CellSecondsMedian,
    double CellSecondsP95,
    double CellSecondsMax)
{
    /// <summary>The timings of a run from <paramref name="startedAt"/> to <paramref name="finishedAt"/> over <paramref name="cells"/>.</summary>
    public static RunReportTimings Of(DateTimeOffset startedAt, DateTimeOffset finishedAt, IReadOnlyCollection<RunReportCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        return Of(startedAt, finishedAt, cells.Select(c => c.Seconds));
    }

    /// <summary>The timings of a run from <paramref name="startedAt"/> to <paramref name="finishedAt"/> whose cells took <paramref name="cellSeconds"/>.</summary>
    public static RunReportTimings Of(DateTimeOffset startedAt, DateTimeOffset finishedAt, IEnumerable<double> cellSeconds)
    {
        ArgumentNullException.ThrowIfNull(cellSeconds);
        var seconds = cellSeconds.Order().ToArray();
        double Rank(double q) => seconds.Length == 0 ? 0 : seconds[Math.Clamp((int)Math.Ceiling(q * seconds.Length) - 1, 0, seconds.Length - 1)];
        return new RunReportTimings(startedAt, finishedAt, (finishedAt - startedAt).TotalSeconds, seconds.Sum(), Rank(0.5), Rank(0.95),
            seconds.Length == 0 ? 0 : seconds[^1]);
    }
}
