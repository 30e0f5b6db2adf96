using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Catalog.Geometry;

/// <summary>
/// A union of polygons with great-circle edges (a granule footprint, or an area of interest read from GeoJSON).
/// <see cref="Intersects"/> is conservative: it answers true for every cell that shares a point with the polygons
/// (and for cells within the few metres of <see cref="CellShape"/>'s push).
/// </summary>
internal sealed class SphericalPolygonSet : ISphericalRegion
{
    private readonly SphericalRing[] _rings;
    private readonly Dictionary<int, HashSet<long>> _vertexPixels = [];

    public SphericalPolygonSet(IReadOnlyList<SphericalPolygon> polygons)
    {
        Polygons = polygons;
        _rings = polygons.SelectMany(p => p.Rings).ToArray();
    }

    public IReadOnlyList<SphericalPolygon> Polygons { get; }

    public bool Contains(Vec3 point) => Polygons.Any(p => p.Contains(point));

    /// <summary>The pixel of every vertex: each is a cell the polygons touch. Not thread-safe: call once per order before sharing.</summary>
    public IEnumerable<long> Seeds(int order) => VertexPixels(order);

    /// <summary>
    /// A cell intersects when a vertex lies in it, an edge crosses its enclosing polygon, a vertex lies in that polygon,
    /// or its centre is inside: together these leave no way for a polygon to share a point with the cell unnoticed.
    /// </summary>
    public bool Intersects(CellShape cell)
    {
        if (VertexPixels(cell.Order).Contains(cell.Nested))
        {
            return true;
        }

        foreach (var ring in _rings)
        {
            for (var i = 0; i < ring.Count; i++)
            {
                if (!ring.EdgeNear(i, cell.Centre, cell.RadiusSin, cell.RadiusCos))
                {
                    continue;
                }

                if (cell.Crosses(ring.Start(i), ring.End(i), ring.Normal(i)) || cell.Contains(ring.Start(i)))
                {
                    return true;
                }
            }
        }

        return Contains(cell.Centre);
    }

    private HashSet<long> VertexPixels(int order)
    {
        if (!_vertexPixels.TryGetValue(order, out var pixels))
        {
            pixels = [];
            foreach (var vertex in _rings.SelectMany(r => r.Vertices))
            {
                pixels.Add(Healpix.LatLonToNested(Math.Clamp(vertex.Latitude, -90, 90), vertex.Longitude, order));
            }

            _vertexPixels[order] = pixels;
        }

        return pixels;
    }
}
