namespace Magg.Orleans.Catalog.Geometry;

/// <summary>Predicates on minor great-circle arcs of the unit sphere.</summary>
internal static class Arcs
{
    /// <summary>+1 or -1: the side of <paramref name="point"/> relative to the great circle with normal <paramref name="normal"/>; 0 counts as +1.</summary>
    public static int Side(Vec3 normal, Vec3 point) => normal.Dot(point) >= 0 ? 1 : -1;

    /// <summary>
    /// True when arc a-b crosses arc c-d (<paramref name="ab"/> = a x b, <paramref name="cd"/> = c x d). Four orientation
    /// signs as in S2's CrossingSign: c and d on opposite sides of ab's great circle, a and b on opposite sides of cd's,
    /// and the same one of the two great-circle intersections on both arcs. A point on a great circle counts as being on
    /// its positive side, so an arc through a shared vertex is counted once (what point-in-polygon parity needs).
    /// </summary>
    public static bool Cross(Vec3 a, Vec3 b, Vec3 ab, Vec3 c, Vec3 d, Vec3 cd)
    {
        var sc = Side(ab, c);
        var sd = Side(ab, d);
        if (sc == sd)
        {
            return false;
        }

        var sa = Side(cd, a);
        var sb = Side(cd, b);
        return sa != sb && sc == sb;
    }

    /// <summary>True when the great circle through <paramref name="a"/> and <paramref name="b"/> (normal <paramref name="ab"/>) reaches <paramref name="extreme"/> between them.</summary>
    public static bool Contains(Vec3 a, Vec3 b, Vec3 ab, Vec3 extreme) =>
        a.Cross(extreme).Dot(ab) >= 0 && extreme.Cross(b).Dot(ab) >= 0;
}
