namespace Magg.Orleans.Core.Granules;

/// <summary>
/// The valid latitudes of one chunk of a beam (within [-90, 90] and not the fill value; other rows never fall in a
/// cell): how many, their range, the first and last, and their trend.
/// </summary>
internal sealed record LatitudeSummary(int Count, double Min, double Max, double First, double Last, LatitudeTrend Trend)
{
    /// <summary>True when some valid latitude lies in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public bool Overlaps(double low, double high) => Count > 0 && Max >= low && Min <= high;

    public static LatitudeSummary Of(ReadOnlySpan<double> latitudes, double? fill)
    {
        var count = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity, first = double.NaN, last = double.NaN;
        bool rises = false, falls = false;
        foreach (var latitude in latitudes)
        {
            if (latitude is not (>= -90.0 and <= 90.0) || latitude == fill)
            {
                continue;
            }

            if (count > 0)
            {
                rises |= latitude > last;
                falls |= latitude < last;
            }
            else
            {
                first = latitude;
            }

            last = latitude;
            min = Math.Min(min, latitude);
            max = Math.Max(max, latitude);
            count++;
        }

        var trend = (rises, falls) switch
        {
            (true, true) => LatitudeTrend.Mixed,
            (true, false) => LatitudeTrend.Rising,
            (false, true) => LatitudeTrend.Falling,
            _ => LatitudeTrend.Flat,
        };
        return new LatitudeSummary(count, min, max, first, last, trend);
    }
}
