using Magg.Orleans.Catalog.Geometry;
using Magg.Orleans.Catalog.Tests.Support;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Catalog.Tests.Geometry;

/// <summary>Footprints whose cells are known by hand: inside one cell, across two, across the antimeridian, holding a pole.</summary>
public sealed class HandCaseTests
{
    private const int Order = 6;

    [Fact]
    public void Cover_SmallFootprintInsideOneCell_IsThatCell()
    {
        var (lat, lon) = Healpix.NestedToLatLon(33312, Order);
        var cell = Healpix.LatLonToNested(lat, lon, Order);

        var cover = Cover(Square(lat, lon, 0.05));

        Assert.Equal([cell], cover);
    }

    [Fact]
    public void Cover_ThinStripAcrossACellEdge_IsBothCells()
    {
        // A 200 m wide, 20 km long strip centred on the midpoint of an edge between two cells, crossing it.
        var corners = Healpix.Boundary(33312, Order);
        var a = Vec3.FromLatLon(corners[0].Latitude, corners[0].Longitude);
        var b = Vec3.FromLatLon(corners[1].Latitude, corners[1].Longitude);
        var middle = (a + b).Normalized();
        var centre = Vec3.FromLatLon(Healpix.NestedToLatLon(33312, Order).Latitude, Healpix.NestedToLatLon(33312, Order).Longitude);
        var across = Vec3.Towards(middle, centre, 10 / Oracle.EarthRadiusKm);
        var beyond = Vec3.Towards(middle, centre, -10 / Oracle.EarthRadiusKm);
        var side = across.Cross(beyond).Normalized();
        var halfWidth = 0.1 / Oracle.EarthRadiusKm;
        var ring = new[] { across + halfWidth * side, beyond + halfWidth * side, beyond - halfWidth * side, across - halfWidth * side }
            .Select(v => v.Normalized()).Select(v => (v.Latitude, v.Longitude)).ToArray();
        var outside = Healpix.LatLonToNested(beyond.Latitude, beyond.Longitude, Order);

        var cover = Cover([.. ring, ring[0]]);

        Assert.Equal(new long[] { 33312, outside }.Order(), cover);
    }

    [Fact]
    public void Cover_StripAcrossTheAntimeridian_HasCellsOnBothSidesAndMatchesTheOracle()
    {
        (double, double)[] ring = [(-70.0, 179.5), (-70.0, -179.5), (-70.05, -179.5), (-70.05, 179.5), (-70.0, 179.5)];
        var oracle = Oracle.Cells(Oracle.Edges([.. ring[..^1].Select(p => Vec3.FromLatLon(p.Item1, p.Item2))], 0.02), Order);

        var cover = Cover(ring);

        Assert.Superset(oracle, cover.ToHashSet());
        Assert.Contains(cover, c => Healpix.NestedToLatLon(c, Order).Longitude is > 170 and < 180);
        Assert.Contains(cover, c => Healpix.NestedToLatLon(c, Order).Longitude is > 180 and < 190);
        Assert.True(cover.Length <= 4, string.Join(",", cover));
    }

    [Fact]
    public void Cover_RingRoundTheSouthPole_HoldsThePoleAndEveryCellSouthOfIt()
    {
        (double, double)[] ring = [.. Enumerable.Range(0, 36).Select(i => (-80.0, -180.0 + i * 10)), (-80.0, -180.0)];
        var pole = Vec3.FromLatLon(-90, 0);
        var points = ring[..^1].Select(p => Vec3.FromLatLon(p.Item1, p.Item2)).ToArray();
        var oracle = Oracle.Cells(Oracle.Fan(pole, points, 5).Concat(Oracle.Edges(points, 0.05)), Order);

        var cover = Cover(ring);

        Assert.Superset(oracle, cover.ToHashSet());
        Assert.Contains(Healpix.LatLonToNested(-90, 0, Order), cover);
        Assert.True(cover.Length <= oracle.Count * 1.02, $"{cover.Length} cells for {oracle.Count}");
        Assert.True(Footprints.Polygon(ring).Contains(pole));
        Assert.True(Footprints.Polygon([.. ring.Reverse()]).Contains(pole), "clockwise, the same ring still holds the pole");
    }

    private static long[] Cover((double Latitude, double Longitude)[] ring) => RegionCover.Cover(Footprints.Polygon(ring), new CellShapes(Order));

    private static (double, double)[] Square(double lat, double lon, double half) =>
        [(lat - half, lon - half), (lat - half, lon + half), (lat + half, lon + half), (lat + half, lon - half), (lat - half, lon - half)];
}
