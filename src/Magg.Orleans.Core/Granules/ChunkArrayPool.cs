using System.Collections.Concurrent;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Arrays of decoded chunks kept for reuse once nothing holds them any more, by element type and exact length (most
/// chunks of a granule have the same length), at most <paramref name="maxIdleBytes"/> of them. Thread-safe.
/// </summary>
internal sealed class ChunkArrayPool(long maxIdleBytes)
{
    private readonly ConcurrentDictionary<(Type Type, int Length), ConcurrentStack<Array>> _idle = new();
    private long _idleBytes;

    /// <summary>An array of exactly <paramref name="length"/> elements (contents undefined).</summary>
    public T[] Rent<T>(int length) where T : unmanaged
    {
        if (_idle.TryGetValue((typeof(T), length), out var arrays) && arrays.TryPop(out var array))
        {
            Interlocked.Add(ref _idleBytes, -Buffer.ByteLength(array));
            return (T[])array;
        }

        return GC.AllocateUninitializedArray<T>(length);
    }

    /// <summary>Takes <paramref name="array"/> back; nothing may use it afterwards.</summary>
    public void Return(Array array)
    {
        var bytes = Buffer.ByteLength(array);
        if (Interlocked.Add(ref _idleBytes, bytes) > maxIdleBytes)
        {
            Interlocked.Add(ref _idleBytes, -bytes);
            return;
        }

        _idle.GetOrAdd((array.GetType().GetElementType()!, array.Length), _ => new ConcurrentStack<Array>()).Push(array);
    }
}
