namespace Magg.Orleans.Core.Caching;

/// <summary>One value of a <see cref="LeasedCache{TKey,TValue}"/>: made on first use, counted leases, disposed once retired and unleased.</summary>
internal sealed class LeasedValue<TValue>(Func<TValue> create)
    where TValue : class, IDisposable
{
    private readonly Lazy<TValue> _value = new(create, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lock _lock = new();
    private int _leases;
    private bool _retired;
    private bool _disposed;

    /// <summary>The value, made now if it is not yet (by the first leaseholder to ask).</summary>
    public TValue Value => _value.Value;

    /// <summary>Takes a lease; false once the value is retired.</summary>
    public bool TryAcquire()
    {
        lock (_lock)
        {
            if (_retired)
            {
                return false;
            }

            _leases++;
            return true;
        }
    }

    /// <summary>Ends a lease; the last one of a retired value disposes it.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _leases--;
            if (!ShouldDispose())
            {
                return;
            }
        }

        DisposeValue();
    }

    /// <summary>No new leases; disposes the value now if none is held.</summary>
    public void Retire()
    {
        lock (_lock)
        {
            _retired = true;
            if (!ShouldDispose())
            {
                return;
            }
        }

        DisposeValue();
    }

    private bool ShouldDispose()
    {
        if (!_retired || _leases > 0 || _disposed)
        {
            return false;
        }

        _disposed = true;
        return true;
    }

    private void DisposeValue()
    {
        if (_value.IsValueCreated)
        {
            _value.Value.Dispose();
        }
    }
}
