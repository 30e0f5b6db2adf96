namespace Magg.Orleans.Core.Aggregation;

/// <summary>
/// numpy's float64 reductions, operation for operation, so results over float64 data are bit-identical to numpy's
/// (<c>np.sum</c>'s pairwise summation, two-pass <c>np.var</c>, <c>np.median</c>, and <c>np.quantile</c> with the
/// default "linear" method). All functions expect a non-empty span.
/// </summary>
public static class NumpyMath
{
    private const int PairwiseBlockSize = 128;

    /// <summary><c>np.sum</c>: numpy's pairwise summation (8-way unrolled blocks of 128, split in halves above).</summary>
    public static double Sum(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 8)
        {
            // numpy starts from -0.0 so that a sum of negative zeros stays -0.0.
            var small = -0.0;
            for (var i = 0; i < n; i++)
            {
                small += values[i];
            }

            return small;
        }

        if (n <= PairwiseBlockSize)
        {
            double r0 = values[0], r1 = values[1], r2 = values[2], r3 = values[3];
            double r4 = values[4], r5 = values[5], r6 = values[6], r7 = values[7];
            var i = 8;
            for (; i < n - n % 8; i += 8)
            {
                r0 += values[i];
                r1 += values[i + 1];
                r2 += values[i + 2];
                r3 += values[i + 3];
                r4 += values[i + 4];
                r5 += values[i + 5];
                r6 += values[i + 6];
                r7 += values[i + 7];
            }

            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                result += values[i];
            }

            return result;
        }

        var half = n / 2;
        half -= half % 8;
        return Sum(values[..half]) + Sum(values[half..]);
    }

    /// <summary><c>np.mean</c>: pairwise sum divided by the count.</summary>
    public static double Mean(ReadOnlySpan<double> values) => Sum(values) / values.Length;

    /// <summary><c>np.var</c> (ddof = 0): mean, then the pairwise sum of squared deviations, divided by the count.</summary>
    /// <param name="values">The observations.</param>
    /// <param name="scratch">A buffer at least as long as <paramref name="values"/>.</param>
    public static double Variance(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var mean = Mean(values);
        var deviations = scratch[..values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var d = values[i] - mean;
            deviations[i] = d * d;
        }

        return Sum(deviations) / values.Length;
    }

    /// <summary><c>np.average(values, weights=weights)</c>: sum(values * weights) / sum(weights); NaN when the weights sum to zero.</summary>
    /// <param name="values">The observations.</param>
    /// <param name="weights">One weight per observation.</param>
    /// <param name="scratch">A buffer at least as long as <paramref name="values"/>.</param>
    public static double WeightedAverage(ReadOnlySpan<double> values, ReadOnlySpan<double> weights, Span<double> scratch)
    {
        var weightSum = Sum(weights);
        if (weightSum == 0.0)
        {
            // numpy raises ZeroDivisionError for the whole call; one child's zero weights must not fail the parent.
            return double.NaN;
        }

        var products = scratch[..values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            products[i] = values[i] * weights[i];
        }

        return Sum(products) / weightSum;
    }

    /// <summary>
    /// <c>np.quantile(values, q)</c>, method "linear", over values sorted ascending (by <c>Span.Sort</c>, which puts
    /// NaN first, or numpy's order, NaN last). The result is NaN when the data contain NaN, as in numpy.
    /// </summary>
    public static double QuantileOfSorted(ReadOnlySpan<double> sorted, double q)
    {
        var n = sorted.Length;
        if (ContainsNaN(sorted))
        {
            return double.NaN;
        }

        var virtualIndex = (n - 1) * q;
        if (virtualIndex >= n - 1)
        {
            return sorted[n - 1];
        }

        if (virtualIndex < 0)
        {
            return sorted[0];
        }

        var previous = Math.Floor(virtualIndex);
        var gamma = virtualIndex - previous;
        var below = sorted[(int)previous];
        var above = sorted[(int)previous + 1];
        // numpy's _lerp: interpolate from the nearer end for monotonic, exact-at-the-ends results.
        var difference = above - below;
        return gamma >= 0.5 ? above - difference * (1 - gamma) : below + difference * gamma;
    }

    /// <summary>
    /// <c>np.quantile(values, q)</c>, method "linear", over unsorted values: the same numbers as
    /// <see cref="QuantileOfSorted"/>, from two order statistics selected in <paramref name="scratch"/> (at least as
    /// long as the values) instead of a sort.
    /// </summary>
    public static double Quantile(ReadOnlySpan<double> values, double q, Span<double> scratch)
    {
        var n = values.Length;
        if (HasNaN(values))
        {
            return double.NaN;
        }

        var work = scratch[..n];
        values.CopyTo(work);
        return QuantileInPlace(work, q);
    }

    /// <summary>
    /// <see cref="Quantile"/> over values it may reorder (selection works in place; any order of the same values gives
    /// the same result, so several quantiles can share one working copy). The values must not contain NaN.
    /// </summary>
    public static double QuantileInPlace(Span<double> work, double q)
    {
        var n = work.Length;
        var virtualIndex = (n - 1) * q;
        if (virtualIndex >= n - 1)
        {
            return OrderStatistics.Select(work, n - 1);
        }

        if (virtualIndex < 0)
        {
            return OrderStatistics.Select(work, 0);
        }

        var previous = (int)Math.Floor(virtualIndex);
        var gamma = virtualIndex - previous;
        var below = OrderStatistics.Select(work, previous);
        var above = OrderStatistics.Minimum(work[(previous + 1)..]);
        var difference = above - below;
        return gamma >= 0.5 ? above - difference * (1 - gamma) : below + difference * gamma;
    }

    /// <summary><c>np.median</c> over unsorted values (selection in <paramref name="scratch"/>, no sort).</summary>
    public static double Median(ReadOnlySpan<double> values, Span<double> scratch)
    {
        var n = values.Length;
        if (HasNaN(values))
        {
            return double.NaN;
        }

        var work = scratch[..n];
        values.CopyTo(work);
        return MedianInPlace(work);
    }

    /// <summary><see cref="Median"/> over values it may reorder; they must not contain NaN.</summary>
    public static double MedianInPlace(Span<double> work)
    {
        var n = work.Length;
        var middle = n / 2;
        var upper = OrderStatistics.Select(work, middle);
        if (n % 2 == 1)
        {
            return upper;
        }

        ReadOnlySpan<double> pair = [OrderStatistics.Select(work[..middle], middle - 1), upper];
        return Mean(pair);
    }

    /// <summary>True when any value is NaN.</summary>
    public static bool HasNaN(ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            if (double.IsNaN(value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsNaN(ReadOnlySpan<double> sorted) => double.IsNaN(sorted[0]) || double.IsNaN(sorted[^1]);

    /// <summary><c>np.median</c> over sorted values: the middle value, or the mean of the two middle values.</summary>
    public static double MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        if (ContainsNaN(sorted))
        {
            return double.NaN;
        }

        var middle = n / 2;
        return n % 2 == 1 ? sorted[middle] : Mean(sorted.Slice(middle - 1, 2));
    }

    /// <summary><c>np.min</c>: NaN propagates.</summary>
    public static double Min(ReadOnlySpan<double> values)
    {
        var result = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            var v = values[i];
            if (v < result || double.IsNaN(v))
            {
                result = v;
                if (double.IsNaN(v))
                {
                    return v;
                }
            }
        }

        return result;
    }

    /// <summary><c>np.max</c>: NaN propagates.</summary>
    public static double Max(ReadOnlySpan<double> values)
    {
        var result = values[0];
        for (var i = 1; i < values.Length; i++)
        {
            var v = values[i];
            if (v > result || double.IsNaN(v))
            {
                result = v;
                if (double.IsNaN(v))
                {
                    return v;
                }
            }
        }

        return result;
    }
}
