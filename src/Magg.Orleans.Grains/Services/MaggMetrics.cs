using System.Diagnostics.Metrics;

namespace Magg.Orleans.Grains.Services;

/// <summary>
/// The silo's Magg instruments (meter <c>Magg.Orleans</c>): cells being processed, cells finished, observations, and
/// faults — every exception a grain absorbs instead of failing with it is counted here.
/// </summary>
public sealed class MaggMetrics
{
    /// <summary>The meter name to listen to (OpenTelemetry, dotnet-counters, tests).</summary>
    public const string MeterName = "Magg.Orleans";

    /// <summary>The tag naming the store (its id) on cell instruments.</summary>
    public const string StoreTag = "magg.store";

    /// <summary>The tag naming where a fault happened.</summary>
    public const string WhereTag = "magg.where";

    private readonly UpDownCounter<int> _activeCells;
    private readonly Counter<long> _cellsProcessed;
    private readonly Counter<long> _observations;
    private readonly Counter<long> _faults;

    /// <summary>Creates the instruments on a meter from <paramref name="meters"/>.</summary>
    public MaggMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _activeCells = meter.CreateUpDownCounter<int>("magg.cells.active", description: "Cells whose granules are being read and aggregated");
        _cellsProcessed = meter.CreateCounter<long>("magg.cells.processed", description: "Cells aggregated (not counting up-to-date answers)");
        _observations = meter.CreateCounter<long>("magg.observations", description: "Observations aggregated");
        _faults = meter.CreateCounter<long>("magg.faults", description: "Exceptions absorbed and retried (or given up on) by the grains, by where they happened");
    }

    /// <summary>Marks a cell of store <paramref name="storeId"/> as being processed until the returned scope is disposed.</summary>
    public ActiveCell StartCell(string storeId)
    {
        var tag = new KeyValuePair<string, object?>(StoreTag, storeId);
        _activeCells.Add(1, tag);
        return new ActiveCell(this, tag);
    }

    /// <summary>Counts a finished cell.</summary>
    public void CellProcessed(long observations)
    {
        _cellsProcessed.Add(1);
        _observations.Add(observations);
    }

    /// <summary>Counts an absorbed exception at <paramref name="where"/> (e.g. <c>run.tick</c>, <c>cell.report</c>).</summary>
    public void Fault(string where) => _faults.Add(1, new KeyValuePair<string, object?>(WhereTag, where));

    /// <summary>Counts a fault at <paramref name="where"/> if the fire-and-forget <paramref name="task"/> (a one-way call) fails.</summary>
    public void Observe(Task task, string where)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompletedSuccessfully)
        {
            return;
        }

        task.ContinueWith(static (t, state) =>
        {
            var (metrics, where) = ((MaggMetrics, string))state!;
            _ = t.Exception;
            metrics.Fault(where);
        }, (this, where), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>A cell in progress; disposing it ends it.</summary>
    public readonly struct ActiveCell(MaggMetrics metrics, KeyValuePair<string, object?> tag) : IDisposable
    {
        /// <inheritdoc />
        public void Dispose() => metrics._activeCells.Add(-1, tag);
    }
}
