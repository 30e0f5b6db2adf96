using System.Collections.Concurrent;
using Magg.Orleans.Core.Aggregation;

namespace Magg.Orleans.Core.Processing;

/// <summary>
/// Observation buffers kept between cells so their arrays are reused instead of reallocated (and grown) for every
/// granule and cell: at most <paramref name="maxBuffers"/> of at most <paramref name="maxRows"/> rows. Thread-safe.
/// </summary>
internal sealed class ObservationBufferPool(int maxBuffers, int maxRows)
{
    private readonly ConcurrentBag<ObservationBuffer> _buffers = [];

    /// <summary>An empty buffer of <paramref name="columns"/> columns.</summary>
    public ObservationBuffer Rent(int columns, int capacity = 1024)
    {
        while (_buffers.TryTake(out var buffer))
        {
            if (buffer.ColumnCount == columns)
            {
                buffer.Truncate(0);
                return buffer;
            }
        }

        return new ObservationBuffer(columns, capacity);
    }

    /// <summary>Gives <paramref name="buffer"/> back; nothing may use it afterwards.</summary>
    public void Return(ObservationBuffer? buffer)
    {
        if (buffer is not null && buffer.Capacity <= maxRows && _buffers.Count < maxBuffers)
        {
            _buffers.Add(buffer);
        }
    }
}
