using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Synthetic;

/// <summary>
/// The parent cells nearest to a centre point (by distance of cell centres) and their latitude/longitude extent,
/// longitudes measured from the centre so the region may straddle the antimeridian.
/// </summary>
internal sealed class DemoRegion
{
    private const double DegreesToRadians = Math.PI / 180.0;
    private const double KmPerDegree = 111.195;
    private const double EarthRadiusKm = 6371.0088;

    private readonly CellExtent[] _extents;

    private DemoRegion(IReadOnlyList<long> cells, CellExtent[] extents, double minLatitude, double maxLatitude, double minLongitudeOffset,
        double maxLongitudeOffset)
    {
        Cells = cells;
        _extents = extents;
        MinLatitude = minLatitude;
        MaxLatitude = maxLatitude;
        MinLongitudeOffset = minLongitudeOffset;
        MaxLongitudeOffset = maxLongitudeOffset;
    }

    /// <summary>NESTED ids of the cells at the parent order, ascending.</summary>
    public IReadOnlyList<long> Cells { get; }

    public double MinLatitude { get; }

    public double MaxLatitude { get; }

    /// <summary>Westernmost longitude of the cells minus the centre longitude (degrees, negative).</summary>
    public double MinLongitudeOffset { get; }

    /// <summary>Easternmost longitude of the cells minus the centre longitude (degrees, positive).</summary>
    public double MaxLongitudeOffset { get; }

    public static DemoRegion Around(double latitude, double longitude, int order, int count)
    {
        var cellAreaKm2 = 4 * Math.PI * EarthRadiusKm * EarthRadiusKm / Healpix.PixelCount(order);
        var radiusKm = 2.0 * Math.Sqrt(count * cellAreaKm2 / Math.PI) + 2.0 * Math.Sqrt(cellAreaKm2);
        var candidates = new HashSet<long>();
        var stepKm = Math.Sqrt(cellAreaKm2) / 8;
        for (var north = -radiusKm; north <= radiusKm; north += stepKm)
        {
            var lat = Math.Clamp(latitude + north / KmPerDegree, -89.9, 89.9);
            var kmPerLonDegree = KmPerDegree * Math.Cos(lat * DegreesToRadians);
            for (var east = -radiusKm; east <= radiusKm; east += stepKm)
            {
                candidates.Add(Healpix.LatLonToNested(lat, Wrap(longitude + east / kmPerLonDegree), order));
            }
        }

        var chosen = candidates
            .Select(c => (Cell: c, Distance: AngularDistance(latitude, longitude, Healpix.NestedToLatLon(c, order))))
            .OrderBy(c => c.Distance).ThenBy(c => c.Cell)
            .Take(count)
            .Select(c => c.Cell)
            .Order()
            .ToArray();
        if (chosen.Length < count)
        {
            throw new InvalidOperationException($"Only {chosen.Length} parent cells found around ({latitude}, {longitude}).");
        }

        var extents = chosen.Select(c => CellExtent.Of(Healpix.Boundary(c, order), longitude)).ToArray();
        return new DemoRegion(chosen, extents,
            extents.Min(e => e.MinLatitude), extents.Max(e => e.MaxLatitude),
            extents.Min(e => e.MinLongitudeOffset), extents.Max(e => e.MaxLongitudeOffset));
    }

    /// <summary>
    /// Latitude range of the cells a meridian at <paramref name="longitudeOffset"/> from the centre passes through
    /// (the whole region's range when it passes through none).
    /// </summary>
    public (double Min, double Max) LatitudesAt(double longitudeOffset)
    {
        var crossed = _extents.Where(e => e.MinLongitudeOffset <= longitudeOffset && longitudeOffset <= e.MaxLongitudeOffset).ToArray();
        return crossed.Length == 0 ? (MinLatitude, MaxLatitude) : (crossed.Min(e => e.MinLatitude), crossed.Max(e => e.MaxLatitude));
    }

    /// <summary>Longitude in [-180, 180).</summary>
    public static double Wrap(double longitude)
    {
        var wrapped = (longitude + 180.0) % 360.0;
        return (wrapped < 0 ? wrapped + 360.0 : wrapped) - 180.0;
    }

    private static double AngularDistance(double latitude, double longitude, (double Latitude, double Longitude) other)
    {
        var (lat1, lat2) = (latitude * DegreesToRadians, other.Latitude * DegreesToRadians);
        var dLon = (other.Longitude - longitude) * DegreesToRadians;
        var cos = Math.Sin(lat1) * Math.Sin(lat2) + Math.Cos(lat1) * Math.Cos(lat2) * Math.Cos(dLon);
        return Math.Acos(Math.Clamp(cos, -1.0, 1.0));
    }

    private readonly record struct CellExtent(double MinLatitude, double MaxLatitude, double MinLongitudeOffset, double MaxLongitudeOffset)
    {
        public static CellExtent Of((double Latitude, double Longitude)[] corners, double centerLongitude) => new(
            corners.Min(c => c.Latitude), corners.Max(c => c.Latitude),
            corners.Min(c => Wrap(c.Longitude - centerLongitude)), corners.Max(c => Wrap(c.Longitude - centerLongitude)));
    }
}
