namespace Magg.Orleans.Core.Caching;

/// <summary>A lease on a value of a <see cref="LeasedCache{TKey,TValue}"/>: the value stays undisposed until the lease is disposed.</summary>
/// <typeparam name="TValue">The shared value.</typeparam>
public sealed class CacheLease<TValue> : IDisposable
    where TValue : class, IDisposable
{
    private LeasedValue<TValue>? _entry;

    internal CacheLease(LeasedValue<TValue> entry, TValue value)
    {
        _entry = entry;
        Value = value;
    }

    /// <summary>The value; use it only while the lease is held.</summary>
    public TValue Value { get; }

    /// <summary>Ends the lease (once; later calls do nothing).</summary>
    public void Dispose() => Interlocked.Exchange(ref _entry, null)?.Release();
}
