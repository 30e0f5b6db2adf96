using Magg.Orleans.Catalog.Geometry;

namespace Magg.Orleans.Catalog.Area;

/// <summary>
/// The smallest longitude/latitude box holding polygons with great-circle edges: edges bulge poleward past their ends,
/// a polygon holding a pole spans every longitude and reaches ±90, and a polygon across the antimeridian gets a box
/// with west greater than east.
/// </summary>
internal static class SphericalBounds
{
    private static readonly Vec3 NorthPole = new(0, 0, 1);

    public static BoundingBox Of(SphericalPolygonSet polygons)
    {
        var south = 90.0;
        var north = -90.0;
        var intervals = new List<(double Start, double Span)>();
        foreach (var ring in polygons.Polygons.Select(p => p.Shell))
        {
            for (var i = 0; i < ring.Count; i++)
            {
                var (a, b, normal) = (ring.Start(i), ring.End(i), ring.Normal(i));
                south = Math.Min(south, Math.Min(a.Latitude, b.Latitude));
                north = Math.Max(north, Math.Max(a.Latitude, b.Latitude));
                if (normal.Length > 1e-15)
                {
                    // The highest point of the edge's great circle: the pole projected onto its plane.
                    var unit = normal.Normalized();
                    var top = (NorthPole - unit.Z * unit);
                    if (top.Length > 1e-15)
                    {
                        top = top.Normalized();
                        if (Arcs.Contains(a, b, normal, top))
                        {
                            north = Math.Max(north, top.Latitude);
                        }

                        if (Arcs.Contains(a, b, normal, -top))
                        {
                            south = Math.Min(south, (-top).Latitude);
                        }
                    }
                }

                intervals.Add(Interval(a.Longitude, b.Longitude));
            }
        }

        var holdsNorthPole = polygons.Contains(NorthPole);
        var holdsSouthPole = polygons.Contains(-NorthPole);
        if (holdsNorthPole || holdsSouthPole)
        {
            return new BoundingBox(-180, holdsSouthPole ? -90 : south, 180, holdsNorthPole ? 90 : north);
        }

        var (west, east) = Enclose(intervals);
        return new BoundingBox(west, south, east, north);
    }

    /// <summary>The eastward interval from one longitude to another, the short way round (what a minor arc spans).</summary>
    private static (double Start, double Span) Interval(double from, double to)
    {
        var span = Normalize360(to - from);
        return span <= 180 ? (from, span) : (to, 360 - span);
    }

    /// <summary>West and east of the smallest interval holding all of them: the complement of the largest gap.</summary>
    private static (double West, double East) Enclose(List<(double Start, double Span)> intervals)
    {
        var sorted = intervals.Select(i => (Start: Normalize360(i.Start + 180) - 180, i.Span)).OrderBy(i => i.Start).ToList();
        var merged = new List<(double Start, double End)>();
        foreach (var (start, span) in sorted)
        {
            if (merged.Count > 0 && start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, start + span));
            }
            else
            {
                merged.Add((start, start + span));
            }
        }

        // The gap after each merged interval, up to the next one's start (the last wraps to the first, +360).
        var bestGap = -1.0;
        var west = -180.0;
        var east = 180.0;
        var reach = merged.Max(m => m.End);
        for (var i = 0; i < merged.Count; i++)
        {
            var end = i == merged.Count - 1 ? reach : merged[i].End;
            var nextStart = i == merged.Count - 1 ? merged[0].Start + 360 : merged[i + 1].Start;
            var gap = nextStart - end;
            if (gap > bestGap)
            {
                (bestGap, west, east) = (gap, nextStart, end);
            }
        }

        if (bestGap <= 0)
        {
            return (-180, 180);
        }

        return (Normalize360(west + 180) - 180, Normalize360(east + 180) - 180);
    }

    private static double Normalize360(double degrees)
    {
        var value = degrees % 360;
        return value < 0 ? value + 360 : value;
    }
}
