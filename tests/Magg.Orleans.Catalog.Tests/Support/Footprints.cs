using Magg.Orleans.Catalog.Geometry;
using Magg.Orleans.Synthetic;

namespace Magg.Orleans.Catalog.Tests.Support;

/// <summary>Granule footprints along ICESat-2 ground tracks (92° inclination), as rings and as their two sides.</summary>
internal static class Footprints
{
    public const int PointsPerSide = 16;

    /// <summary>About 1/14 of an orbit: one ATL06 granule.</summary>
    public const double GranuleLengthKm = 2_860;

    public static SyntheticTrack Track(double latitude, double longitude, TrackDirection direction, double lengthKm = GranuleLengthKm) =>
        new(latitude, longitude, direction, lengthKm, 1234, 22, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>The closed footprint ring of <paramref name="track"/> as (lat, lon) pairs.</summary>
    public static (double Latitude, double Longitude)[] Ring(SyntheticTrack track, double halfWidthMeters = SyntheticFootprint.DefaultHalfWidthMeters) =>
        SyntheticFootprint.Of(track, halfWidthMeters, PointsPerSide);

    /// <summary>The right and left sides of a ring from <see cref="Ring"/>, matched point by point.</summary>
    public static (Vec3[] Right, Vec3[] Left) Sides((double Latitude, double Longitude)[] ring)
    {
        var points = ring.Select(p => Vec3.FromLatLon(p.Latitude, p.Longitude)).ToArray();
        var right = points[..PointsPerSide];
        var left = points[PointsPerSide..(2 * PointsPerSide)].Reverse().ToArray();
        return (right, left);
    }

    public static SphericalPolygonSet Polygon(params (double Latitude, double Longitude)[][] rings) =>
        new([.. rings.Select(r => new SphericalPolygon(SphericalRing.Create(r.Select(p => Vec3.FromLatLon(p.Latitude, p.Longitude)))!, []))]);

    /// <summary>Tracks spread like a cycle's over a latitude range: random crossings, both directions.</summary>
    public static IEnumerable<SyntheticTrack> Random(int count, int seed, double minLatitude, double maxLatitude)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var latitude = minLatitude + random.NextDouble() * (maxLatitude - minLatitude);
            var longitude = random.NextDouble() * 360 - 180;
            yield return Track(latitude, longitude, i % 2 == 0 ? TrackDirection.Ascending : TrackDirection.Descending);
        }
    }
}
