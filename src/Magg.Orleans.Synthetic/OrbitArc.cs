namespace Magg.Orleans.Synthetic;

/// <summary>
/// Geometry of a <see cref="SyntheticTrack"/>: positions of the reference ground track and of beams offset across
/// track, on a spherical Earth that turns under a circular orbit.
/// </summary>
internal sealed class OrbitArc
{
    private const double EarthRadiusMeters = 6_371_008.8;
    private const double SiderealDaySeconds = 86_164.0905;
    private const double DegreesToRadians = Math.PI / 180.0;
    private const double RadiansToDegrees = 180.0 / Math.PI;

    // Ground longitude drifts west by this many radians per radian of argument of latitude.
    private const double EarthRotationPerOrbitRadian = SyntheticTrack.OrbitPeriodSeconds / SiderealDaySeconds;

    private readonly double _sinInclination = Math.Sin(SyntheticTrack.InclinationDegrees * DegreesToRadians);
    private readonly double _cosInclination = Math.Cos(SyntheticTrack.InclinationDegrees * DegreesToRadians);
    private readonly double _nodeLongitude;
    private readonly double _crossingArgument;
    private readonly double _startArgument;
    private readonly double _step;
    private readonly DateTimeOffset _crossingTime;

    public OrbitArc(SyntheticTrack track)
    {
        track.Validate();
        var sinU = Math.Clamp(Math.Sin(track.CrossingLatitude * DegreesToRadians) / _sinInclination, -1.0, 1.0);
        var u = Math.Asin(sinU);
        _crossingArgument = track.Direction == TrackDirection.Ascending ? u : Math.PI - u;
        _nodeLongitude = track.CrossingLongitude * DegreesToRadians - Math.Atan2(_cosInclination * Math.Sin(_crossingArgument), Math.Cos(_crossingArgument));
        _crossingTime = track.CrossingTime;

        const double Epsilon = 1e-6;
        var groundSpeed = Distance(Reference(_crossingArgument - Epsilon), Reference(_crossingArgument + Epsilon)) / (2 * Epsilon);
        _step = Atl06Layout.SegmentLengthMeters / EarthRadiusMeters / groundSpeed;
        Segments = track.SegmentsPerBeam;
        _startArgument = _crossingArgument - _step * (Segments - 1) / 2.0;
    }

    /// <summary>Segments per beam.</summary>
    public int Segments { get; }

    /// <summary>Time of the first segment.</summary>
    public DateTimeOffset StartTime => _crossingTime + TimeSpan.FromSeconds(SecondsFromCrossing(0));

    /// <summary>ATL06 granule region (1..14): which fourteenth of the orbit the granule starts in.</summary>
    public int Region => 1 + (int)(Math.Floor(Normalize(_startArgument) / (2 * Math.PI) * 14) % 14);

    /// <summary>Seconds since the ATLAS epoch at segment <paramref name="segment"/>.</summary>
    public double DeltaTime(int segment) => (_crossingTime - SyntheticTrack.AtlasEpoch).TotalSeconds + SecondsFromCrossing(segment);

    /// <summary>ATL06-style segment id: 20 m segments counted from the ascending node.</summary>
    public int SegmentId(int segment) => 1 + (int)(Normalize(Argument(segment)) * EarthRadiusMeters / Atl06Layout.SegmentLengthMeters);

    /// <summary>
    /// Latitude and longitude (degrees, longitude in [-180, 180)) of segment <paramref name="segment"/> for beams at
    /// the given cross-track offsets (metres, positive to the right of the direction of travel).
    /// </summary>
    public void Positions(int segment, ReadOnlySpan<double> crossTrackMeters, Span<double> latitudes, Span<double> longitudes)
    {
        var u = Argument(segment);
        var point = Reference(u);
        var ahead = Reference(u + _step);
        var tangent = Normalize(Subtract(ahead, point));
        var right = Normalize(Cross(tangent, point));
        for (var beam = 0; beam < crossTrackMeters.Length; beam++)
        {
            var angle = crossTrackMeters[beam] / EarthRadiusMeters;
            var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
            var x = cos * point.X + sin * right.X;
            var y = cos * point.Y + sin * right.Y;
            var z = cos * point.Z + sin * right.Z;
            latitudes[beam] = Math.Asin(Math.Clamp(z, -1.0, 1.0)) * RadiansToDegrees;
            var longitude = Math.Atan2(y, x) * RadiansToDegrees;
            longitudes[beam] = longitude >= 180.0 ? longitude - 360.0 : longitude;
        }
    }

    private double Argument(int segment) => _startArgument + segment * _step;

    private double SecondsFromCrossing(int segment) =>
        (Argument(segment) - _crossingArgument) / (2 * Math.PI) * SyntheticTrack.OrbitPeriodSeconds;

    private Vector Reference(double u)
    {
        var (sinU, cosU) = Math.SinCos(u);
        var longitude = _nodeLongitude + Math.Atan2(_cosInclination * sinU, cosU) - EarthRotationPerOrbitRadian * (u - _crossingArgument);
        var latitude = Math.Asin(_sinInclination * sinU);
        var (sinLat, cosLat) = Math.SinCos(latitude);
        var (sinLon, cosLon) = Math.SinCos(longitude);
        return new Vector(cosLat * cosLon, cosLat * sinLon, sinLat);
    }

    private static double Normalize(double angle)
    {
        var turns = angle % (2 * Math.PI);
        return turns < 0 ? turns + 2 * Math.PI : turns;
    }

    private static double Distance(Vector a, Vector b) => Length(Subtract(a, b));

    private static double Length(Vector v) => Math.Sqrt(v.X * v.X + v.Y * v.Y + v.Z * v.Z);

    private static Vector Subtract(Vector a, Vector b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    private static Vector Cross(Vector a, Vector b) => new(a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);

    private static Vector Normalize(Vector v)
    {
        var length = Length(v);
        return new Vector(v.X / length, v.Y / length, v.Z / length);
    }

    private readonly record struct Vector(double X, double Y, double Z);
}
