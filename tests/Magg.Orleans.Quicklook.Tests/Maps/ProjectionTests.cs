using Magg.Orleans.Quicklook.Maps;
using SkiaSharp;

namespace Magg.Orleans.Quicklook.Tests.Maps;

public sealed class ProjectionTests
{
    [Theory]
    [InlineData(MapProjectionKind.SouthPolar, -90, 25)]
    [InlineData(MapProjectionKind.NorthPolar, -25, 90)]
    [InlineData(MapProjectionKind.PlateCarree, -89, 89)]
    public void Unproject_OfProject_IsThePoint(MapProjectionKind kind, double fromLatitude, double toLatitude)
    {
        var projection = MapProjection.Create(kind, centralLongitude: 100);
        for (var latitude = fromLatitude; latitude <= toLatitude; latitude += 3.5)
        {
            for (var longitude = -179.5; longitude < 180; longitude += 7.25)
            {
                Assert.True(projection.TryProject(latitude, longitude, out var x, out var y), $"({latitude}, {longitude})");
                Assert.True(projection.TryUnproject(x, y, out var lat, out var lon));
                Assert.Equal(latitude, lat, 9);
                if (Math.Abs(latitude) < 90)
                {
                    Assert.Equal(0, PlateCarreeProjection.Wrap(lon - longitude), 9);
                }
            }
        }
    }

    [Fact]
    public void SouthPolar_LongitudeZeroPointsUp_AndNinetyEastRight_AsEpsg3031()
    {
        var south = MapProjection.Create(MapProjectionKind.SouthPolar);

        Assert.True(south.TryProject(-80, 0, out var x0, out var y0));
        Assert.True(south.TryProject(-80, 90, out var x90, out var y90));
        Assert.True(south.TryProject(-90, 0, out var xPole, out var yPole));
        Assert.False(south.TryProject(40, 0, out _, out _));

        Assert.Equal((0, 0), (Math.Round(xPole, 12), Math.Round(yPole, 12)));
        Assert.True(y0 > 0 && Math.Abs(x0) < 1e-12, "longitude 0 points up");
        Assert.True(x90 > 0 && Math.Abs(y90) < 1e-12, "90 E points right");
        Assert.Equal(2 * Math.Tan(10 * Math.PI / 360), y0, 12);
    }

    [Fact]
    public void Frame_PixelOfPoint_RoundTripsAndKeepsTheScaleEqual()
    {
        var frame = MapFrame.Fit(MapProjection.Create(MapProjectionKind.PlateCarree), new SKRectI(10, 50, 810, 450), -40, 40, -10, 30);

        Assert.True(frame.TryToPixel(30, -40, out var px, out var py));
        Assert.True(frame.TryToLatLon(px, py, out var lat, out var lon));

        Assert.Equal(0.1, frame.UnitsPerPixel, 12);
        Assert.Equal((10.0, 50.0), (Math.Round(px, 9), Math.Round(py, 9)));
        Assert.Equal((30.0, -40.0), (Math.Round(lat, 9), Math.Round(lon, 9)));
    }

    [Fact]
    public void ParseKind_UnknownName_ListsTheProjections()
    {
        Assert.Equal(MapProjectionKind.NorthPolar, MapProjection.ParseKind("North-Polar"));
        var error = Assert.Throws<QuicklookException>(() => MapProjection.ParseKind("mercator"));
        Assert.Equal("Unknown projection 'mercator'; choose one of: south-polar, north-polar, plate-carree.", error.Message);
    }
}
