namespace Magg.Orleans.Synthetic;

/// <summary>
/// The footprint of a synthetic granule as CMR publishes one for ATL06: a thin strip round the six beams, given as a
/// closed ring of (latitude, longitude) points along both sides of the ground track.
/// </summary>
public static class SyntheticFootprint
{
    /// <summary>Half the width of the strip: the outer beams of ATL06 are about 6.6 km apart.</summary>
    public const double DefaultHalfWidthMeters = 3_500;

    /// <summary>
    /// The ring of <paramref name="track"/>: <paramref name="pointsPerSide"/> points along the right side in the direction of
    /// travel, then back along the left side, then the first point again.
    /// </summary>
    public static (double Latitude, double Longitude)[] Of(SyntheticTrack track, double halfWidthMeters = DefaultHalfWidthMeters, int pointsPerSide = 16)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentOutOfRangeException.ThrowIfLessThan(pointsPerSide, 2);
        var arc = new OrbitArc(track);
        var right = new (double, double)[pointsPerSide];
        var left = new (double, double)[pointsPerSide];
        Span<double> offsets = [halfWidthMeters, -halfWidthMeters];
        Span<double> latitudes = stackalloc double[2];
        Span<double> longitudes = stackalloc double[2];
        for (var i = 0; i < pointsPerSide; i++)
        {
            var segment = (int)Math.Round((double)i * (arc.Segments - 1) / (pointsPerSide - 1));
            arc.Positions(segment, offsets, latitudes, longitudes);
            right[i] = (latitudes[0], longitudes[0]);
            left[pointsPerSide - 1 - i] = (latitudes[1], longitudes[1]);
        }

        return [.. right, .. left, right[0]];
    }
}
