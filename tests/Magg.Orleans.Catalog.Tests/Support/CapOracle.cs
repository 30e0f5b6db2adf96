using Magg.Orleans.Catalog.Geometry;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Catalog.Tests.Support;

/// <summary>The brute-force catalog a list of UMM items should give over the Antarctic cap: dense samples of every footprint.</summary>
internal static class CapOracle
{
    /// <summary>Cells (NESTED) whose lowest corner lies south of <paramref name="latitude"/>: the cap's cells.</summary>
    public static HashSet<long> CapCells(int order, double latitude) =>
        [.. Enumerable.Range(0, (int)Healpix.PixelCount(order)).Select(p => (long)p).Where(p => Healpix.Boundary(p, order).Min(c => c.Latitude) <= latitude)];

    /// <summary>Cells holding a sample of the footprint ring ((lat, lon), closed): edges every 100 m, interior of a strip every 1 km.</summary>
    public static HashSet<long> FootprintCells((double Latitude, double Longitude)[] ring, int order)
    {
        var points = ring[..^1].Select(p => Vec3.FromLatLon(p.Latitude, p.Longitude)).ToArray();
        var half = points.Length / 2;
        var right = points[..half];
        var left = points[half..].Reverse().ToArray();
        return Oracle.Cells(Oracle.Edges(points, 0.1).Concat(Oracle.Strip(right, left, 1.0)), order);
    }
}
