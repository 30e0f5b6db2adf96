using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Catalog.Geometry;

/// <summary>
/// Every point with a latitude in [<paramref name="South"/>, <paramref name="North"/>], e.g. the Antarctic cap south of
/// 60° S. Exact: a HEALPix cell's latitudes span from its lowest to its highest corner.
/// </summary>
internal sealed record LatitudeBand(double South, double North) : ISphericalRegion
{
    public IEnumerable<long> Seeds(int order)
    {
        yield return Healpix.LatLonToNested((South + North) / 2, 0, order);
    }

    public bool Intersects(CellShape cell) => cell.MinLatitude <= North && cell.MaxLatitude >= South;
}
