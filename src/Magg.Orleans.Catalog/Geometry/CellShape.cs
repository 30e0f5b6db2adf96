using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Catalog.Geometry;

/// <summary>
/// A HEALPix cell as the intersection predicates see it. Its true edges are not great circles, so the cell is held as a
/// polygon of great-circle arcs through <see cref="PointsPerEdge"/> points per true edge, each point pushed outward
/// from the centre by several times the largest gap between an arc and the true edge: the polygon contains the cell,
/// and a footprint that misses it misses the cell. Over-inclusion is bounded by that push (metres at order 6).
/// </summary>
internal sealed class CellShape
{
    /// <summary>Boundary points per true edge.</summary>
    public const int PointsPerEdge = 4;

    // The push is this many times the measured arc-to-edge gap (corners see it at an angle), plus a floor for rounding.
    private const double PushFactor = 4.0;
    private const double PushFloor = 1e-10;

    private CellShape(long nested, int order)
    {
        Nested = nested;
        Order = order;
        var (centreLat, centreLon) = Healpix.NestedToLatLon(nested, order);
        Centre = Vec3.FromLatLon(centreLat, centreLon);
        var fine = Healpix.BoundaryPoints(nested, order, 2 * PointsPerEdge).Select(p => Vec3.FromLatLon(p.Latitude, p.Longitude)).ToArray();
        var corners = fine.Where((_, i) => i % (2 * PointsPerEdge) == 0).ToArray();
        MinLatitude = Math.Min(corners.Min(c => c.Latitude), Centre.Latitude);
        MaxLatitude = Math.Max(corners.Max(c => c.Latitude), Centre.Latitude);

        var count = 4 * PointsPerEdge;
        var gap = 0.0;
        for (var i = 0; i < count; i++)
        {
            var (a, middle, b) = (fine[2 * i], fine[2 * i + 1], fine[(2 * i + 2) % fine.Length]);
            gap = Math.Max(gap, Math.Abs(Math.Asin(Math.Clamp(a.Cross(b).Normalized().Dot(middle), -1, 1))));
        }

        var push = PushFactor * gap + PushFloor;
        Vertices = new Vec3[count];
        for (var i = 0; i < count; i++)
        {
            var point = fine[2 * i];
            var distance = Centre.AngleTo(point);
            Vertices[i] = Vec3.Towards(Centre, point, distance + push);
        }

        Normals = new Vec3[count];
        var radius = 0.0;
        for (var i = 0; i < count; i++)
        {
            Normals[i] = Vertices[i].Cross(Vertices[(i + 1) % count]);
            radius = Math.Max(radius, Centre.AngleTo(Vertices[i]));
        }

        Radius = radius + 1e-12;
        (RadiusSin, RadiusCos) = Math.SinCos(Radius);
        Neighbours = FindNeighbours(fine);
    }

    public long Nested { get; }

    public int Order { get; }

    public Vec3 Centre { get; }

    /// <summary>The enclosing polygon, counterclockwise.</summary>
    public Vec3[] Vertices { get; }

    /// <summary>Normal of edge i (vertex i to vertex i+1).</summary>
    public Vec3[] Normals { get; }

    /// <summary>Radius (radians) of a cap round <see cref="Centre"/> holding the polygon.</summary>
    public double Radius { get; }

    public double RadiusSin { get; }

    public double RadiusCos { get; }

    /// <summary>Lowest latitude of the true cell (its corners bound it: HEALPix edges are monotonic in latitude).</summary>
    public double MinLatitude { get; }

    public double MaxLatitude { get; }

    /// <summary>Every cell sharing an edge or a corner with this one.</summary>
    public long[] Neighbours { get; }

    public static CellShape Create(long nested, int order) => new(nested, order);

    /// <summary>True when <paramref name="point"/> is inside the enclosing polygon.</summary>
    public bool Contains(Vec3 point)
    {
        if (Centre.Dot(point) < RadiusCos)
        {
            return false;
        }

        var normal = Centre.Cross(point);
        var inside = true;
        for (var i = 0; i < Vertices.Length; i++)
        {
            if (Arcs.Cross(Centre, point, normal, Vertices[i], Vertices[(i + 1) % Vertices.Length], Normals[i]))
            {
                inside = !inside;
            }
        }

        return inside;
    }

    /// <summary>True when arc a-b (normal <paramref name="ab"/>) crosses the enclosing polygon's boundary.</summary>
    public bool Crosses(Vec3 a, Vec3 b, Vec3 ab)
    {
        var count = Vertices.Length;
        var firstSide = Arcs.Side(ab, Vertices[0]);
        var previousSide = firstSide;
        for (var i = 0; i < count; i++)
        {
            var next = (i + 1) % count;
            var side = next == 0 ? firstSide : Arcs.Side(ab, Vertices[next]);
            if (side != previousSide && Arcs.Cross(a, b, ab, Vertices[i], Vertices[next], Normals[i]))
            {
                return true;
            }

            previousSide = side;
        }

        return false;
    }

    private long[] FindNeighbours(Vec3[] boundary)
    {
        // Every boundary point (corners included), pushed a little outward, lands in a cell across that edge or corner.
        var step = Math.Max(1e-9, Centre.AngleTo(boundary[0]) * 0.02);
        var found = new HashSet<long>();
        foreach (var point in boundary)
        {
            var outside = Vec3.Towards(Centre, point, Centre.AngleTo(point) + step);
            var pixel = Healpix.LatLonToNested(Math.Clamp(outside.Latitude, -90, 90), outside.Longitude, Order);
            if (pixel != Nested)
            {
                found.Add(pixel);
            }
        }

        return [.. found.Order()];
    }
}
