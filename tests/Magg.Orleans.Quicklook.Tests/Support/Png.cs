using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Quicklook.Maps;
using SkiaSharp;

namespace Magg.Orleans.Quicklook.Tests.Support;

/// <summary>Decoding a rendered map and sampling it where cells are.</summary>
internal static class Png
{
    public static SKBitmap Decode(byte[] png) => SKBitmap.Decode(png) ?? throw new Xunit.Sdk.XunitException("The PNG does not decode.");

    /// <summary>The (unpremultiplied) colour of the pixel under the centre of NESTED cell <paramref name="nested"/>.</summary>
    public static SKColor AtCell(SKBitmap image, MapFrame frame, long nested, int order)
    {
        var (latitude, longitude) = Healpix.NestedToLatLon(nested, order);
        Assert.True(frame.TryToPixel(latitude, longitude, out var x, out var y), $"cell {nested} is outside the projection");
        var (px, py) = ((int)Math.Floor(x), (int)Math.Floor(y));
        Assert.True(frame.Area.Contains(px, py), $"cell {nested} lands at ({px}, {py}), outside the map area {frame.Area}");
        return image.GetPixel(px, py);
    }
}
