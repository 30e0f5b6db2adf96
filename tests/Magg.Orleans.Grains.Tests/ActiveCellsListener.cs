using System.Diagnostics.Metrics;
using Magg.Orleans.Grains.Services;

namespace Magg.Orleans.Grains.Tests;

/// <summary>
/// Follows the <c>magg.cells.active</c> instrument for one store (its measurements carry the store id), so a test sees
/// its own run's concurrency and not that of other clusters in this process.
/// </summary>
public sealed class ActiveCellsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private int _current;

    public ActiveCellsListener(string storeId)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MaggMetrics.MeterName && instrument.Name == "magg.cells.active")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, delta, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == MaggMetrics.StoreTag && Equals(tag.Value, storeId))
                {
                    lock (_lock)
                    {
                        _current += delta;
                        Peak = Math.Max(Peak, _current);
                    }
                }
            }
        });
        _listener.Start();
    }

    public int Peak { get; private set; }

    public int Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
