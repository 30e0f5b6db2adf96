using System.Diagnostics.Metrics;
using Magg.Orleans.Grains.Services;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Follows the <c>magg.cells.active</c> instrument of every silo in this process and remembers its peak.</summary>
public sealed class ActiveCellsListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private int _current;

    public ActiveCellsListener()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MaggMetrics.MeterName && instrument.Name == "magg.cells.active")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, delta, _, _) =>
        {
            lock (_lock)
            {
                _current += delta;
                Peak = Math.Max(Peak, _current);
            }
        });
        _listener.Start();
    }

    public int Peak { get; private set; }

    public void Reset()
    {
        lock (_lock)
        {
            Peak = _current;
        }
    }

    public void Dispose() => _listener.Dispose();
}
