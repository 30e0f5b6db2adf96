namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// The observations of one parent cell as columns: each row's child index (0 .. 4^(c-p) - 1) and one float64 value
/// per data-source variable. Readers reserve a block of rows and fill it in place.
/// </summary>
public sealed class ObservationBuffer
{
    private int[] _children;
    private readonly double[][] _columns;

    /// <summary>Creates an empty buffer with <paramref name="columnCount"/> variable columns.</summary>
    public ObservationBuffer(int columnCount, int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        capacity = Math.Max(capacity, 16);
        _children = new int[capacity];
        _columns = new double[columnCount][];
        for (var c = 0; c < columnCount; c++)
        {
            _columns[c] = new double[capacity];
        }
    }

    /// <summary>Number of rows.</summary>
    public int Count { get; private set; }

    /// <summary>Rows the buffer holds before it grows.</summary>
    public int Capacity => _children.Length;

    /// <summary>Number of variable columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>Child index of every row.</summary>
    public ReadOnlySpan<int> Children => _children.AsSpan(0, Count);

    /// <summary>Values of variable column <paramref name="column"/>.</summary>
    public ReadOnlySpan<double> Column(int column) => _columns[column].AsSpan(0, Count);

    /// <summary>Adds <paramref name="rows"/> rows at the end and returns the index of the first; fill them through
    /// <see cref="ChildrenAt"/> and <see cref="ColumnAt"/>.</summary>
    public int Reserve(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var start = Count;
        var needed = (long)start + rows;
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"A parent cell cannot hold more than {Array.MaxLength:N0} observations.");
        }

        if (needed > _children.Length)
        {
            // Grows by half: buffers are reused between cells, so what is over-allocated stays allocated.
            var capacity = (int)Math.Min(Array.MaxLength, Math.Max(needed, _children.Length + (_children.Length / 2)));
            Array.Resize(ref _children, capacity);
            for (var c = 0; c < _columns.Length; c++)
            {
                Array.Resize(ref _columns[c], capacity);
            }
        }

        Count = (int)needed;
        return start;
    }

    /// <summary>Drops rows from <paramref name="count"/> on (used to give back unused reserved rows).</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
    }

    /// <summary>Writable child indices of rows [start, start + length).</summary>
    public Span<int> ChildrenAt(int start, int length) => _children.AsSpan(start, length);

    /// <summary>Writable values of a column for rows [start, start + length).</summary>
    public Span<double> ColumnAt(int column, int start, int length) => _columns[column].AsSpan(start, length);

    /// <summary>Appends every row of <paramref name="other"/> (which must have the same columns).</summary>
    public void Append(ObservationBuffer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.ColumnCount != ColumnCount)
        {
            throw new ArgumentException("Buffers have different columns.", nameof(other));
        }

        var start = Reserve(other.Count);
        other.Children.CopyTo(ChildrenAt(start, other.Count));
        for (var c = 0; c < ColumnCount; c++)
        {
            other.Column(c).CopyTo(ColumnAt(c, start, other.Count));
        }
    }
}
