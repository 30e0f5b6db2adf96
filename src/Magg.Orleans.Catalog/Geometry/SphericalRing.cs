namespace Magg.Orleans.Catalog.Geometry;

/// <summary>
/// A closed ring of great-circle arcs that bounds the smaller of the two regions it separates (so a ring round a pole
/// holds that pole when it is the smaller side). Vertices are stored counterclockwise: the region is on the left of
/// every edge, whatever the order the points came in.
/// </summary>
internal sealed class SphericalRing
{
    // How far left of an edge the inside reference point sits (radians, ~6 mm on the Earth).
    private const double ReferenceOffset = 1e-9;

    private readonly Vec3[] _vertices;
    private readonly Vec3[] _normals;
    private readonly Vec3[] _capCentres;
    private readonly double[] _capCos;
    private readonly double[] _capSin;
    private readonly double[] _capRadius;
    private readonly Vec3[] _references;

    private SphericalRing(Vec3[] vertices)
    {
        _vertices = vertices;
        var n = vertices.Length;
        _normals = new Vec3[n];
        _capCentres = new Vec3[n];
        _capCos = new double[n];
        _capSin = new double[n];
        _capRadius = new double[n];
        for (var i = 0; i < n; i++)
        {
            var (a, b) = (vertices[i], vertices[(i + 1) % n]);
            _normals[i] = a.Cross(b);
            _capCentres[i] = (a + b).Normalized();
            _capRadius[i] = a.AngleTo(b) / 2 + 1e-12;
            (_capSin[i], _capCos[i]) = Math.SinCos(_capRadius[i]);
        }

        _references = [Reference(0), Reference(n / 2)];
    }

    public IReadOnlyList<Vec3> Vertices => _vertices;

    public int Count => _vertices.Length;

    /// <summary>
    /// A ring through <paramref name="points"/> (closed or not; consecutive repeats dropped), oriented so that it bounds
    /// its smaller side, or the side on its left when <paramref name="leftSide"/> is set; null when fewer than three
    /// distinct points remain or the ring encloses no area.
    /// </summary>
    public static SphericalRing? Create(IEnumerable<Vec3> points, bool leftSide = false)
    {
        var distinct = new List<Vec3>();
        foreach (var point in points)
        {
            if (distinct.Count == 0 || distinct[^1].AngleTo(point) > 1e-12)
            {
                distinct.Add(point);
            }
        }

        while (distinct.Count > 1 && distinct[0].AngleTo(distinct[^1]) <= 1e-12)
        {
            distinct.RemoveAt(distinct.Count - 1);
        }

        if (distinct.Count < 3)
        {
            return null;
        }

        var vertices = distinct.ToArray();
        var leftArea = LeftArea(vertices);
        if (!double.IsFinite(leftArea) || leftArea <= 0 || leftArea >= 4 * Math.PI)
        {
            return null;
        }

        if (leftArea > 2 * Math.PI && !leftSide)
        {
            Array.Reverse(vertices);
        }

        return new SphericalRing(vertices);
    }

    /// <summary>The area (steradians) on the left of the ring as given: 2 pi minus the sum of its turning angles (Gauss-Bonnet).</summary>
    public static double LeftArea(IReadOnlyList<Vec3> vertices)
    {
        var n = vertices.Count;
        var turning = 0.0;
        for (var i = 0; i < n; i++)
        {
            var (a, b, c) = (vertices[(i + n - 1) % n], vertices[i], vertices[(i + 1) % n]);
            var incoming = a.Cross(b).Cross(b);
            var outgoing = b.Cross(c).Cross(b);
            turning += Math.Atan2(b.Dot(incoming.Cross(outgoing)), incoming.Dot(outgoing));
        }

        return 2 * Math.PI - turning;
    }

    public Vec3 Normal(int edge) => _normals[edge];

    public Vec3 Start(int edge) => _vertices[edge];

    public Vec3 End(int edge) => _vertices[edge + 1 == _vertices.Length ? 0 : edge + 1];

    /// <summary>True when edge <paramref name="edge"/> may come within a radius (given as its sine and cosine) of <paramref name="centre"/>.</summary>
    public bool EdgeNear(int edge, Vec3 centre, double radiusSin, double radiusCos)
    {
        // cos(r1 + r2) = cos r1 cos r2 - sin r1 sin r2; a sum past pi covers everything.
        var cosSum = _capCos[edge] * radiusCos - _capSin[edge] * radiusSin;
        var sumBeyondPi = _capCos[edge] < -radiusCos;
        return sumBeyondPi || _capCentres[edge].Dot(centre) >= cosSum;
    }

    /// <summary>True when <paramref name="point"/> is inside (points on the ring may go either way).</summary>
    public bool Contains(Vec3 point)
    {
        var reference = _references[0].AngleTo(point) < 3.0 ? _references[0] : _references[1];
        var normal = reference.Cross(point);
        var inside = true;
        for (var i = 0; i < _vertices.Length; i++)
        {
            if (Arcs.Cross(reference, point, normal, _vertices[i], End(i), _normals[i]))
            {
                inside = !inside;
            }
        }

        return inside;
    }

    /// <summary>Two edges that are not neighbours and cross (or a vertex visited twice): the ring is not simple. Null for a simple ring.</summary>
    public (int First, int Second)? FindSelfIntersection()
    {
        var n = _vertices.Length;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 2; j < n; j++)
            {
                if (i == 0 && j == n - 1)
                {
                    continue;
                }

                if (_capCentres[i].AngleTo(_capCentres[j]) > _capRadius[i] + _capRadius[j] + 1e-9)
                {
                    continue;
                }

                if (Arcs.Cross(Start(i), End(i), _normals[i], Start(j), End(j), _normals[j])
                    || Start(j).AngleTo(Start(i)) <= 1e-12)
                {
                    return (i, j);
                }
            }
        }

        return null;
    }

    private Vec3 Reference(int edge)
    {
        var midpoint = (Start(edge) + End(edge)).Normalized();
        return (midpoint + ReferenceOffset * _normals[edge].Normalized()).Normalized();
    }
}
