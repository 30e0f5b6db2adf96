namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// The k-th smallest value without sorting everything: quickselect with median-of-three pivots that falls back to a
/// full sort of the remaining range when partitions keep coming out lopsided (so the worst case stays n log n).
/// Quantiles need two order statistics per child; selecting them is several times cheaper than sorting the child.
/// </summary>
internal static class OrderStatistics
{
    private const int SmallRange = 16;

    /// <summary>Rearranges <paramref name="values"/> so that <c>values[k]</c> is the k-th smallest, smaller-or-equal
    /// values before it and greater-or-equal after it; returns it. The values must not contain NaN.</summary>
    public static double Select(Span<double> values, int k)
    {
        var (left, right) = (0, values.Length - 1);
        var budget = 2 * (64 - ulong.LeadingZeroCount((ulong)values.Length));
        while (right - left >= SmallRange)
        {
            if (budget-- == 0)
            {
                values[left..(right + 1)].Sort();
                return values[k];
            }

            var pivot = MedianOfThree(values[left], values[left + ((right - left) >> 1)], values[right]);
            var (i, j) = (left, right);
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }

        values[left..(right + 1)].Sort();
        return values[k];
    }

    /// <summary>The smallest value of <paramref name="values"/>.</summary>
    public static double Minimum(ReadOnlySpan<double> values)
    {
        var minimum = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            minimum = values[i] < minimum ? values[i] : minimum;
        }

        return minimum;
    }

    private static double MedianOfThree(double a, double b, double c) =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}
