namespace Magg.Orleans.Quicklook.Maps;

/// <summary>
/// Polar stereographic projection of the unit sphere: a point at angular distance c from the pole lies at radius
/// 2 tan(c/2) from the centre. South: longitude 0 points up (EPSG:3031's orientation); north: longitude 0 points down.
/// Both run to 120° from their pole (30° into the other hemisphere).
/// </summary>
public sealed class PolarStereographicProjection(bool south) : MapProjection
{
    private const double MaxPoleDistance = 2 * Math.PI / 3;
    private const double DegreesToRadians = Math.PI / 180;

    /// <inheritdoc />
    public override MapProjectionKind Kind => south ? MapProjectionKind.SouthPolar : MapProjectionKind.NorthPolar;

    /// <inheritdoc />
    public override bool TryProject(double latitude, double longitude, out double x, out double y)
    {
        var fromPole = (90 + (south ? latitude : -latitude)) * DegreesToRadians;
        if (!(fromPole is >= 0 and <= MaxPoleDistance) || !double.IsFinite(longitude))
        {
            x = y = double.NaN;
            return false;
        }

        var radius = 2 * Math.Tan(fromPole / 2);
        var lambda = longitude * DegreesToRadians;
        x = radius * Math.Sin(lambda);
        y = south ? radius * Math.Cos(lambda) : -radius * Math.Cos(lambda);
        return true;
    }

    /// <inheritdoc />
    public override bool TryUnproject(double x, double y, out double latitude, out double longitude)
    {
        var fromPole = 2 * Math.Atan(Math.Sqrt(x * x + y * y) / 2);
        if (!(fromPole <= MaxPoleDistance))
        {
            latitude = longitude = double.NaN;
            return false;
        }

        var poleLatitude = fromPole / DegreesToRadians - 90;
        latitude = south ? poleLatitude : -poleLatitude;
        longitude = Math.Atan2(x, south ? y : -y) / DegreesToRadians;
        return true;
    }
}
