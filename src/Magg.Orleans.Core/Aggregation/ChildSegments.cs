using System.Buffers;

namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// Observations regrouped by child with one stable counting sort (O(n), no per-child scans): the rows of child
/// <c>j</c> are <c>[Offsets[j], Offsets[j + 1])</c> of every column, in their original order.
/// </summary>
internal sealed class ChildSegments
{
    private ChildSegments(int[] offsets, double[][] columns)
    {
        Offsets = offsets;
        Columns = columns;
    }

    /// <summary>Start of each child's rows; one more entry than children.</summary>
    public int[] Offsets { get; }

    /// <summary>The variable columns in child order (their first <see cref="Count"/> entries).</summary>
    public double[][] Columns { get; }

    /// <summary>Number of children.</summary>
    public int ChildCount => Offsets.Length - 1;

    /// <summary>Number of observations.</summary>
    public int Count => Offsets[^1];

    /// <summary>Rows of child <paramref name="child"/> in <paramref name="column"/>.</summary>
    public ReadOnlySpan<double> Segment(double[] column, int child) => column.AsSpan(Offsets[child], Offsets[child + 1] - Offsets[child]);

    /// <summary>Number of observations of child <paramref name="child"/>.</summary>
    public int CountOf(int child) => Offsets[child + 1] - Offsets[child];

    /// <summary>
    /// Sorts the observations of <paramref name="buffer"/> into <paramref name="childCount"/> children, into columns from
    /// <paramref name="scratch"/> when given (then valid for their first <see cref="Count"/> rows only).
    /// </summary>
    public static ChildSegments Build(ObservationBuffer buffer, int childCount, ScratchArrays? scratch = null)
    {
        var children = buffer.Children;
        var offsets = new int[childCount + 1];
        foreach (var child in children)
        {
            if ((uint)child >= (uint)childCount)
            {
                throw new ArgumentOutOfRangeException(nameof(buffer), $"Child index {child} is outside 0..{childCount - 1}.");
            }

            offsets[child + 1]++;
        }

        for (var j = 0; j < childCount; j++)
        {
            offsets[j + 1] += offsets[j];
        }

        // Destination row of every source row; stable, so each child keeps the reading order.
        var destination = ArrayPool<int>.Shared.Rent(Math.Max(children.Length, 1));
        try
        {
            var next = offsets.AsSpan(0, childCount).ToArray();
            for (var i = 0; i < children.Length; i++)
            {
                destination[i] = next[children[i]]++;
            }

            var columns = new double[buffer.ColumnCount][];
            for (var c = 0; c < columns.Length; c++)
            {
                var source = buffer.Column(c);
                var sorted = scratch?.Doubles(source.Length) ?? GC.AllocateUninitializedArray<double>(source.Length);
                for (var i = 0; i < source.Length; i++)
                {
                    sorted[destination[i]] = source[i];
                }

                columns[c] = sorted;
            }

            return new ChildSegments(offsets, columns);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(destination);
        }
    }
}
