namespace Magg.Orleans.Quicklook.Maps;

/// <summary>Equirectangular projection in degrees: x = longitude - central longitude in [-180, 180), y = latitude.</summary>
public sealed class PlateCarreeProjection(double centralLongitude) : MapProjection
{
    /// <summary>The longitude at x = 0.</summary>
    public double CentralLongitude { get; } = centralLongitude;

    /// <inheritdoc />
    public override MapProjectionKind Kind => MapProjectionKind.PlateCarree;

    /// <inheritdoc />
    public override bool TryProject(double latitude, double longitude, out double x, out double y)
    {
        if (!(latitude is >= -90 and <= 90) || !double.IsFinite(longitude))
        {
            x = y = double.NaN;
            return false;
        }

        x = Wrap(longitude - CentralLongitude);
        y = latitude;
        return true;
    }

    /// <inheritdoc />
    public override bool TryUnproject(double x, double y, out double latitude, out double longitude)
    {
        if (!(y is >= -90 and <= 90) || !(x is >= -180 and < 180))
        {
            latitude = longitude = double.NaN;
            return false;
        }

        latitude = y;
        longitude = x + CentralLongitude;
        return true;
    }

    /// <summary>An angle in degrees brought into [-180, 180).</summary>
    public static double Wrap(double degrees)
    {
        var wrapped = (degrees + 180) % 360;
        return (wrapped < 0 ? wrapped + 360 : wrapped) - 180;
    }
}
