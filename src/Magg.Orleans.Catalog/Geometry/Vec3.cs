namespace Magg.Orleans.Catalog.Geometry;

/// <summary>A point of the unit sphere (or any 3-vector): x towards (0°, 0°), y towards (0°, 90°E), z towards the north pole.</summary>
internal readonly record struct Vec3(double X, double Y, double Z)
{
    private const double DegreesToRadians = Math.PI / 180.0;
    private const double RadiansToDegrees = 180.0 / Math.PI;

    /// <summary>The unit vector of a latitude/longitude in degrees.</summary>
    public static Vec3 FromLatLon(double latitude, double longitude)
    {
        var (sinLat, cosLat) = Math.SinCos(latitude * DegreesToRadians);
        var (sinLon, cosLon) = Math.SinCos(longitude * DegreesToRadians);
        return new Vec3(cosLat * cosLon, cosLat * sinLon, sinLat);
    }

    public double Latitude => Math.Atan2(Z, Math.Sqrt(X * X + Y * Y)) * RadiansToDegrees;

    /// <summary>Longitude in degrees, in [-180, 180].</summary>
    public double Longitude => X == 0 && Y == 0 ? 0 : Math.Atan2(Y, X) * RadiansToDegrees;

    public double Length => Math.Sqrt(X * X + Y * Y + Z * Z);

    public Vec3 Normalized()
    {
        var length = Length;
        return new Vec3(X / length, Y / length, Z / length);
    }

    public double Dot(Vec3 other) => X * other.X + Y * other.Y + Z * other.Z;

    public Vec3 Cross(Vec3 other) => new(Y * other.Z - Z * other.Y, Z * other.X - X * other.Z, X * other.Y - Y * other.X);

    /// <summary>The angle to <paramref name="other"/> in radians (accurate for tiny and for near-antipodal angles).</summary>
    public double AngleTo(Vec3 other) => Math.Atan2(Cross(other).Length, Dot(other));

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator *(double s, Vec3 v) => new(s * v.X, s * v.Y, s * v.Z);

    public static Vec3 operator -(Vec3 v) => new(-v.X, -v.Y, -v.Z);

    /// <summary>The point at angle <paramref name="angle"/> from <paramref name="from"/> on the great circle towards <paramref name="towards"/>.</summary>
    public static Vec3 Towards(Vec3 from, Vec3 towards, double angle)
    {
        var perpendicular = (towards - from.Dot(towards) * from).Normalized();
        var (sin, cos) = Math.SinCos(angle);
        return (cos * from + sin * perpendicular).Normalized();
    }
}
