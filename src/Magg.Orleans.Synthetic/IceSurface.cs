namespace Magg.Orleans.Synthetic;

/// <summary>
/// A smooth synthetic ice-sheet surface: a dome over each pole (about 3 km high at the pole, falling to the coast
/// ~25° away) with undulations of tens of metres at 20-50 km and a few metres at ~3 km, so neighbouring child cells
/// differ.
/// </summary>
internal static class IceSurface
{
    private const double DegreesToRadians = Math.PI / 180.0;
    private const double KmPerDegree = 111.195;

    /// <summary>Surface height (metres) at a point.</summary>
    public static double Height(double latitude, double longitude)
    {
        var polarDistanceKm = (90.0 - Math.Abs(latitude)) * KmPerDegree;
        var (sinLon, cosLon) = Math.SinCos(longitude * DegreesToRadians);
        var x = polarDistanceKm * cosLon;
        var y = polarDistanceKm * sinLon;
        var dome = 3200.0 * Math.Sqrt(Math.Max(0.02, 1.0 - Math.Pow(polarDistanceKm / 2800.0, 2)));
        var undulation = 45.0 * Math.Sin(x / 23.0) * Math.Cos(y / 31.0) + 12.0 * Math.Sin((x + 0.6 * y) / 47.0);
        var roughness = 3.0 * Math.Sin(x / 3.1 + y / 4.7);
        return dome + undulation + roughness;
    }
}
