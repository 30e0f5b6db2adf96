namespace Magg.Orleans.Core.Granules;

/// <summary>
/// A decoded chunk held by one reader: its values stay valid (and unchanged) until the lease is disposed, even if the
/// cache drops the chunk meanwhile. Dispose it exactly once.
/// </summary>
public readonly struct ChunkLease : IDisposable, IEquatable<ChunkLease>
{
    private readonly Action<object>? _release;
    private readonly object? _owner;

    internal ChunkLease(Array values, Action<object>? release, object? owner) => (Values, _release, _owner) = (values, release, owner);

    /// <summary>The chunk's values (never written to).</summary>
    public Array Values { get; }

    /// <summary>Lets go of the chunk.</summary>
    public void Dispose()
    {
        if (_owner is not null)
        {
            _release!(_owner);
        }
    }

    /// <inheritdoc />
    public bool Equals(ChunkLease other) => ReferenceEquals(Values, other.Values) && ReferenceEquals(_owner, other._owner);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ChunkLease other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Values?.GetHashCode() ?? 0;

    /// <inheritdoc />
    public static bool operator ==(ChunkLease left, ChunkLease right) => left.Equals(right);

    /// <inheritdoc />
    public static bool operator !=(ChunkLease left, ChunkLease right) => !left.Equals(right);
}
