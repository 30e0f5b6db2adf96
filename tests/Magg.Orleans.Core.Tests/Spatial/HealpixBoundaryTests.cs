using System.Globalization;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Core.Tests.Spatial;

/// <summary>
/// pix2ang and pixel boundaries checked by round trip through ang2pix (itself checked against healpy's golden vectors):
/// a centre maps back to its pixel, a boundary point nudged inward maps to the pixel, nudged outward to a neighbour.
/// </summary>
public sealed class HealpixBoundaryTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public void NestedToLatLon_EveryPixel_MapsBackToItself(int order)
    {
        for (long pixel = 0; pixel < Healpix.PixelCount(order); pixel++)
        {
            var (lat, lon) = Healpix.NestedToLatLon(pixel, order);
            Assert.Equal(pixel, Healpix.LatLonToNested(lat, lon, order));
        }
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(6, 4)]
    [InlineData(12, 3)]
    public void BoundaryPoints_NudgedInward_MapToThePixelAndOutward_ToAnother(int order, int step)
    {
        var random = new Random(order);
        var pixels = order <= 2 ? Enumerable.Range(0, (int)Healpix.PixelCount(order)).Select(p => (long)p)
            : Enumerable.Range(0, 3000).Select(_ => random.NextInt64(Healpix.PixelCount(order)));
        foreach (var pixel in pixels)
        {
            var centre = Healpix.NestedToLatLon(pixel, order);
            var boundary = Healpix.BoundaryPoints(pixel, order, step);
            Assert.Equal(4 * step, boundary.Length);
            foreach (var point in boundary)
            {
                var inward = Nudge(point, centre, 1e-3);
                var outward = Nudge(point, centre, -1e-3);
                Assert.Equal(pixel, Healpix.LatLonToNested(inward.Latitude, inward.Longitude, order));
                Assert.NotEqual(pixel, Healpix.LatLonToNested(outward.Latitude, outward.Longitude, order));
            }
        }
    }

    [Fact]
    public void Boundary_IsEveryStepthBoundaryPoint_InHealpysCornerOrder()
    {
        var corners = Healpix.Boundary(33312, 6);
        var points = Healpix.BoundaryPoints(33312, 6, 5);

        Assert.Equal(corners, new[] { points[0], points[5], points[10], points[15] });
        Assert.True(corners[0].Latitude > corners[2].Latitude, "north corner first, south third");
    }

    [Fact]
    public void NestedToLatLon_GoldenPoints_LieWithinACellOfTheirPixelCentre()
    {
        foreach (var row in File.ReadLines(TestData.Path("golden", "morton_points.csv")).Skip(1).Select(l => l.Split(',')))
        {
            var (lat, lon) = (double.Parse(row[0], CultureInfo.InvariantCulture), double.Parse(row[1], CultureInfo.InvariantCulture));
            var nested6 = long.Parse(row[8], CultureInfo.InvariantCulture);
            var (centreLat, centreLon) = Healpix.NestedToLatLon(nested6, 6);
            var (sinA, cosA) = Math.SinCos(lat * Math.PI / 180);
            var (sinB, cosB) = Math.SinCos(centreLat * Math.PI / 180);
            var angle = Math.Acos(Math.Clamp(sinA * sinB + cosA * cosB * Math.Cos((lon - centreLon) * Math.PI / 180), -1, 1)) * 180 / Math.PI;
            Assert.True(angle < 1.5, $"({lat}, {lon}) is {angle}° from the centre of its order-6 pixel {nested6}");
        }
    }

    /// <summary>Moves a point towards (positive fraction) or away from the centre, along the chord, and back onto the sphere.</summary>
    private static (double Latitude, double Longitude) Nudge((double Latitude, double Longitude) point, (double Latitude, double Longitude) centre, double fraction)
    {
        var (p, c) = (Vector(point), Vector(centre));
        var moved = new[] { p[0] + (c[0] - p[0]) * fraction, p[1] + (c[1] - p[1]) * fraction, p[2] + (c[2] - p[2]) * fraction };
        return (Math.Atan2(moved[2], Math.Sqrt(moved[0] * moved[0] + moved[1] * moved[1])) * 180 / Math.PI, Math.Atan2(moved[1], moved[0]) * 180 / Math.PI);
    }

    private static double[] Vector((double Latitude, double Longitude) point)
    {
        var (sinLat, cosLat) = Math.SinCos(point.Latitude * Math.PI / 180);
        var (sinLon, cosLon) = Math.SinCos(point.Longitude * Math.PI / 180);
        return [cosLat * cosLon, cosLat * sinLon, sinLat];
    }
}
