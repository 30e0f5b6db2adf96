using Magg.Orleans.Catalog.Area;
using Magg.Orleans.Catalog.Geometry;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Catalog.Tests;

/// <summary>Areas of interest from GeoJSON and boxes, judged on the sphere, and the CMR box they give.</summary>
public sealed class AreaOfInterestTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public void FromGeoJson_FeatureCollectionOfPolygonAndMultiPolygon_ReadsEveryPolygonAndHole()
    {
        var area = Read("""
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Polygon", "coordinates": [
                [[0, -70], [20, -70], [20, -60], [0, -60], [0, -70]],
                [[5, -68], [15, -68], [15, -62], [5, -62], [5, -68]]]}},
              {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [
                [[[100, -80], [110, -80], [110, -75], [100, -80]]]]}}]}
            """);
        var region = (SphericalPolygonSet)area.Region;

        Assert.Equal(2, region.Polygons.Count);
        Assert.Single(region.Polygons[0].Holes);
        Assert.True(region.Contains(Vec3.FromLatLon(-69, 2)));
        Assert.False(region.Contains(Vec3.FromLatLon(-65, 10)), "inside the hole");
        Assert.True(region.Contains(Vec3.FromLatLon(-79, 105)));
        Assert.Equal(area.PolygonPath, _folder.File("area.geojson"));
    }

    [Fact]
    public void FromGeoJson_PolygonAcrossTheAntimeridian_IsValidWithABoxThatCrossesIt()
    {
        var area = Read("""{"type": "Polygon", "coordinates": [[[170, -75], [-170, -75], [-170, -70], [170, -70], [170, -75]]]}""");

        Assert.Equal(170, area.Box.West, 6);
        Assert.Equal(-170, area.Box.East, 6);
        Assert.True(area.Box.South < -75, "great-circle edges bulge poleward past their ends");
        Assert.Equal(-70, area.Box.North, 6);
        Assert.Equal("170,", area.Box.ToCmr()[..4]);
    }

    [Fact]
    public void FromGeoJson_RingRoundThePole_HoldsItAndTheBoxReachesMinus90()
    {
        var ring = string.Join(", ", Enumerable.Range(0, 12).Select(i => $"[{-180 + i * 30}, -65]")) + ", [-180, -65]";
        var area = Read("{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[" + ring + "]]}}");

        Assert.Equal(new BoundingBox(-180, -90, 180, -65), area.Box);
    }

    [Theory]
    [InlineData("""{"type": "Polygon", "coordinates": [[[0, -70], [20, -70], [20, -60]""", "invalid GeoJSON")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[0, -70], [20, -70], [20, -60], [0, -60]]]}""", "closed")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[0, -70], [20, -60], [20, -70], [0, -60], [0, -70]]]}""", "self-intersecting")]
    [InlineData("""{"type": "Polygon", "coordinates": [[[0, -70], [20, -70], [20, -95], [0, -70]]]}""", "latitude -95 out of range")]
    [InlineData("""{"type": "Point", "coordinates": [0, -70]}""", "Point is not an area")]
    [InlineData("""[1, 2]""", "not GeoJSON")]
    public void FromGeoJson_BadInput_NamesTheProblem(string json, string expected)
    {
        var error = Assert.Throws<CatalogInputException>(() => Read(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("area.geojson", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-180,-90,180", "four numbers")]
    [InlineData("-180,-60,180,-90", "out of order")]
    [InlineData("-60,-180,-90,180", "latitude out of range")]
    [InlineData("10,-80,10,-70", "out of order")]
    [InlineData("-190,-80,10,-70", "longitudes")]
    public void ParseBox_BadInput_NamesTheProblem(string text, string expected)
    {
        var error = Assert.Throws<CatalogInputException>(() => BoundingBox.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBoundingBox_AcrossTheAntimeridian_CoversCellsOnBothSides()
    {
        var area = AreaOfInterest.FromBoundingBox(BoundingBox.Parse("175,-72,-175,-70"));

        var cells = RegionCover.Cover(area.Region, new CellShapes(6));

        Assert.Equal("175,-72,-175,-70", area.Box.ToCmr());
        Assert.InRange(cells.Length, 10, 60);
        Assert.All(cells, c =>
        {
            var (lat, lon) = Magg.Orleans.Core.Spatial.Healpix.NestedToLatLon(c, 6);
            Assert.True(lon is > 170 or < 190, $"cell {c} at {lat}, {lon}");
        });
    }

    [Fact]
    public void FromPolygon_ConfigBoundsPoints_AreARingOnTheSphere()
    {
        var area = AreaOfInterest.FromPolygon([(0, -70), (20, -70), (20, -60), (0, -60)], "test bounds");

        Assert.Equal((0, 20, -60), (Math.Round(area.Box.West, 9), Math.Round(area.Box.East, 9), Math.Round(area.Box.North, 9)));
        Assert.True(((SphericalPolygonSet)area.Region).Contains(Vec3.FromLatLon(-65, 10)));
        Assert.Throws<CatalogInputException>(() => AreaOfInterest.FromPolygon([(0, -70), (20, -60), (20, -70), (0, -60)], "test bounds"));
    }

    [Fact]
    public void AntarcticCap_IsEveryCellReachingSouthOf60()
    {
        var cells = RegionCover.Cover(AreaOfInterest.AntarcticCap.Region, new CellShapes(6));

        var expected = Enumerable.Range(0, 49152).Where(p => Magg.Orleans.Core.Spatial.Healpix.Boundary(p, 6).Min(c => c.Latitude) <= -60).Select(p => (long)p);
        Assert.Equal(expected, cells);
        Assert.Equal("-180,-90,180,-60", AreaOfInterest.AntarcticCap.Box.ToCmr());
    }

    public void Dispose() => _folder.Dispose();

    private AreaOfInterest Read(string json)
    {
        var path = _folder.File("area.geojson");
        File.WriteAllText(path, json);
        return AreaOfInterest.FromGeoJsonFile(path);
    }
}
