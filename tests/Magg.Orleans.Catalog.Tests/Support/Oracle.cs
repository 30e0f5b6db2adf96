using Magg.Orleans.Catalog.Geometry;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Catalog.Tests.Support;

/// <summary>
/// The brute-force answer the predicate is checked against: sample a footprint densely (edges and interior, at a spacing
/// far finer than a cell) and map every sample with the project's own ang2pix. Sampling only uses interpolation along
/// great circles, none of the code under test.
/// </summary>
internal static class Oracle
{
    public const double EarthRadiusKm = 6371.0088;

    /// <summary>The set of cells at <paramref name="order"/> holding at least one of <paramref name="points"/>.</summary>
    public static HashSet<long> Cells(IEnumerable<Vec3> points, int order)
    {
        var cells = new HashSet<long>();
        foreach (var p in points)
        {
            cells.Add(Healpix.LatLonToNested(Math.Clamp(p.Latitude, -90, 90), p.Longitude, order));
        }

        return cells;
    }

    /// <summary>Points every <paramref name="spacingKm"/> along every edge of a closed ring (great-circle arcs).</summary>
    public static IEnumerable<Vec3> Edges(IReadOnlyList<Vec3> ring, double spacingKm)
    {
        for (var i = 0; i < ring.Count; i++)
        {
            foreach (var p in Arc(ring[i], ring[(i + 1) % ring.Count], spacingKm))
            {
                yield return p;
            }
        }
    }

    /// <summary>Points along the arc from <paramref name="a"/> to <paramref name="b"/>, both ends included.</summary>
    public static IEnumerable<Vec3> Arc(Vec3 a, Vec3 b, double spacingKm)
    {
        var angle = a.AngleTo(b);
        var steps = Math.Max(1, (int)Math.Ceiling(angle * EarthRadiusKm / spacingKm));
        for (var k = 0; k <= steps; k++)
        {
            yield return Slerp(a, b, (double)k / steps);
        }
    }

    /// <summary>
    /// Points filling a strip given by its two sides (same length, matching points): each quadrilateral between
    /// neighbouring cross-sections is filled by great-circle segments between its two side arcs.
    /// </summary>
    public static IEnumerable<Vec3> Strip(IReadOnlyList<Vec3> right, IReadOnlyList<Vec3> left, double spacingKm)
    {
        for (var i = 0; i + 1 < right.Count; i++)
        {
            var along = Math.Max(1, (int)Math.Ceiling(right[i].AngleTo(right[i + 1]) * EarthRadiusKm / spacingKm));
            for (var k = 0; k <= along; k++)
            {
                var s = (double)k / along;
                foreach (var p in Arc(Slerp(right[i], right[i + 1], s), Slerp(left[i], left[i + 1], s), spacingKm))
                {
                    yield return p;
                }
            }
        }
    }

    /// <summary>Points filling a polygon that is star-shaped from <paramref name="apex"/> (e.g. a cap round a pole).</summary>
    public static IEnumerable<Vec3> Fan(Vec3 apex, IReadOnlyList<Vec3> ring, double spacingKm) =>
        Edges(ring, spacingKm).SelectMany(edge => Arc(apex, edge, spacingKm));

    public static Vec3 Slerp(Vec3 a, Vec3 b, double t)
    {
        var angle = a.AngleTo(b);
        if (angle < 1e-15)
        {
            return a;
        }

        var sin = Math.Sin(angle);
        return (Math.Sin((1 - t) * angle) / sin * a + Math.Sin(t * angle) / sin * b).Normalized();
    }
}
