using SkiaSharp;

namespace Magg.Orleans.Quicklook.Maps;

/// <summary>
/// Where a projection's plane lands in the image: a pixel rectangle (<see cref="Area"/>) showing the plane from
/// (<see cref="Left"/>, <see cref="Top"/>) at <see cref="UnitsPerPixel"/>, with the same scale on both axes.
/// Pixel coordinates are continuous: pixel (i, j) covers [i, i+1) x [j, j+1), its centre is (i + 0.5, j + 0.5).
/// </summary>
public sealed class MapFrame
{
    private MapFrame(MapProjection projection, SKRectI area, double left, double top, double unitsPerPixel)
    {
        Projection = projection;
        Area = area;
        Left = left;
        Top = top;
        UnitsPerPixel = unitsPerPixel;
    }

    /// <summary>The projection.</summary>
    public MapProjection Projection { get; }

    /// <summary>The map's pixels in the image.</summary>
    public SKRectI Area { get; }

    /// <summary>Plane x at the area's left edge.</summary>
    public double Left { get; }

    /// <summary>Plane y at the area's top edge.</summary>
    public double Top { get; }

    /// <summary>Plane units per pixel.</summary>
    public double UnitsPerPixel { get; }

    /// <summary>The frame showing the plane rectangle [xMin, xMax] x [yMin, yMax] centred and whole in <paramref name="area"/>.</summary>
    public static MapFrame Fit(MapProjection projection, SKRectI area, double xMin, double xMax, double yMin, double yMax)
    {
        ArgumentNullException.ThrowIfNull(projection);
        if (area.Width <= 0 || area.Height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(area), "The map area is empty.");
        }

        var scale = Math.Max((xMax - xMin) / area.Width, (yMax - yMin) / area.Height);
        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw new ArgumentException($"[{xMin}, {xMax}] x [{yMin}, {yMax}] is not an extent to show.", nameof(xMin));
        }

        var left = (xMin + xMax) / 2 - scale * area.Width / 2;
        var top = (yMin + yMax) / 2 + scale * area.Height / 2;
        return new MapFrame(projection, area, left, top, scale);
    }

    /// <summary>The image pixel position of a point; false when it is outside the projection's domain (it may be outside <see cref="Area"/>).</summary>
    public bool TryToPixel(double latitude, double longitude, out double px, out double py)
    {
        if (!Projection.TryProject(latitude, longitude, out var x, out var y))
        {
            px = py = double.NaN;
            return false;
        }

        px = Area.Left + (x - Left) / UnitsPerPixel;
        py = Area.Top + (Top - y) / UnitsPerPixel;
        return true;
    }

    /// <summary>The point at image pixel position (<paramref name="px"/>, <paramref name="py"/>); false outside the domain.</summary>
    public bool TryToLatLon(double px, double py, out double latitude, out double longitude) =>
        Projection.TryUnproject(Left + (px - Area.Left) * UnitsPerPixel, Top - (py - Area.Top) * UnitsPerPixel, out latitude, out longitude);
}
