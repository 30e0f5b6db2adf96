using System.Diagnostics.Metrics;

namespace Magg.Orleans.Grains.Services;

/// <summary>The silo's Magg instruments (meter <c>Magg.Orleans</c>): cells being processed, cells finished, observations.</summary>
public sealed class MaggMetrics
{
    /// <summary>The meter name to listen to (OpenTelemetry, dotnet-counters, tests).</summary>
    public const string MeterName = "Magg.Orleans";

    private readonly UpDownCounter<int> _activeCells;
    private readonly Counter<long> _cellsProcessed;
    private readonly Counter<long> _observations;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    public MaggMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _activeCells = meter.CreateUpDownCounter<int>("magg.cells.active", description: "Cells whose granules are being read and aggregated");
        _cellsProcessed = meter.CreateCounter<long>("magg.cells.processed", description: "Cells aggregated (not counting up-to-date answers)");
        _observations = meter.CreateCounter<long>("magg.observations", description: "Observations aggregated");
    }

    /// <summary>Marks a cell as being processed until the returned scope is disposed.</summary>
    public ActiveCell StartCell()
    {
        _activeCells.Add(1);
        return new ActiveCell(this);
    }

    /// <summary>Counts a finished cell.</summary>
    public void CellProcessed(long observations)
    {
        _cellsProcessed.Add(1);
        _observations.Add(observations);
    }

    /// <summary>A cell in progress; disposing it ends it.</summary>
    public readonly struct ActiveCell(MaggMetrics metrics) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => metrics._activeCells.Add(-1);
    }
}
