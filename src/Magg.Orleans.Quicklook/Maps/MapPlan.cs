using Magg.Orleans.Core.Spatial;
using SkiaSharp;

namespace Magg.Orleans.Quicklook.Maps;

/// <summary>
/// What the map shows, decided from the data: the projection (when not asked for), the frame fitting the cells, the
/// HEALPix order the cells are drawn at and their values there, and the colour range.
/// </summary>
/// <remarks>
/// Cells are drawn at the data's order while they are at least <see cref="MinCellPixels"/> across; smaller cells are
/// averaged into their ancestor at the finest order that is, so every value still shows (a sparse track stays visible)
/// and the work stays bounded by the image size.
/// </remarks>
internal sealed class MapPlan
{
    public const double MinCellPixels = 1.5;

    private const int ExtentOrder = 7;
    private const double Padding = 0.03;
    private const int SizeSamples = 200;
    private const double RobustLow = 0.02;
    private const double RobustHigh = 0.98;

    private MapPlan(MapFrame frame, int displayOrder, Dictionary<long, double> display, (double Min, double Max) data, (double Min, double Max) scale,
        (double Latitude, double Longitude) graticule)
    {
        Frame = frame;
        DisplayOrder = displayOrder;
        Display = display;
        DataRange = data;
        Scale = scale;
        GraticuleStep = graticule;
    }

    public MapFrame Frame { get; }

    public int DisplayOrder { get; }

    public Dictionary<long, double> Display { get; }

    public (double Min, double Max) DataRange { get; }

    public (double Min, double Max) Scale { get; }

    public (double Latitude, double Longitude) GraticuleStep { get; }

    public static MapPlan Create(CellValues cells, MapRequest request, Colormap colormap, SKRectI area)
    {
        var extentOrder = Math.Min(cells.Order, ExtentOrder);
        var coarse = cells.Nested.Select(n => n >> (2 * (cells.Order - extentOrder))).Distinct().ToArray();
        var centres = coarse.Select(n => Healpix.NestedToLatLon(n, extentOrder)).ToArray();
        var points = coarse.SelectMany(n => Healpix.Boundary(n, extentOrder)).Concat(centres).ToArray();
        var kind = request.Projection ?? ChooseProjection(centres);
        var projection = MapProjection.Create(kind, kind == MapProjectionKind.PlateCarree ? CentralLongitude(centres) : 0);
        var frame = Fit(projection, area, points);
        var displayOrder = DisplayOrderFor(cells, frame);
        var display = Aggregate(cells, displayOrder);
        var sorted = display.Values.Order().ToArray();
        var data = sorted.Length == 0 ? (double.NaN, double.NaN) : (sorted[0], sorted[^1]);
        var latitudes = points.Length == 0 ? (Min: -90.0, Max: 90.0) : (Min: points.Min(p => p.Latitude), Max: points.Max(p => p.Latitude));
        var graticule = (Step(latitudes.Max - latitudes.Min, 5, [0.5, 1, 2, 5, 10, 15, 30]),
            kind != MapProjectionKind.PlateCarree && latitudes.Max - latitudes.Min > 20 ? 30 : Step(LongitudeSpread(centres), 5, [0.5, 1, 2, 5, 10, 15, 30, 45, 60, 90]));
        return new MapPlan(frame, displayOrder, display, data, ColourRange(request, colormap, sorted), graticule);
    }

    private static MapProjectionKind ChooseProjection((double Latitude, double Longitude)[] centres) =>
        centres.Length > 0 && centres.All(c => c.Latitude < -40) ? MapProjectionKind.SouthPolar
        : centres.Length > 0 && centres.All(c => c.Latitude > 40) ? MapProjectionKind.NorthPolar
        : MapProjectionKind.PlateCarree;

    /// <summary>The middle of the longitudes' arc: opposite the widest gap between them (0 when they go all round).</summary>
    private static double CentralLongitude((double Latitude, double Longitude)[] centres)
    {
        var (start, gap) = WidestGap(centres);
        return gap < 30 ? 0 : PlateCarreeProjection.Wrap(start + gap + (360 - gap) / 2);
    }

    private static double LongitudeSpread((double Latitude, double Longitude)[] centres) => centres.Length == 0 ? 360 : 360 - WidestGap(centres).Gap;

    private static (double Start, double Gap) WidestGap((double Latitude, double Longitude)[] centres)
    {
        var longitudes = centres.Select(c => (c.Longitude % 360 + 360) % 360).Order().ToArray();
        if (longitudes.Length == 0)
        {
            return (0, 360);
        }

        var best = (Start: longitudes[^1], Gap: longitudes[0] + 360 - longitudes[^1]);
        for (var i = 0; i + 1 < longitudes.Length; i++)
        {
            if (longitudes[i + 1] - longitudes[i] > best.Gap)
            {
                best = (longitudes[i], longitudes[i + 1] - longitudes[i]);
            }
        }

        return best;
    }

    private static MapFrame Fit(MapProjection projection, SKRectI area, (double Latitude, double Longitude)[] points)
    {
        var projected = points
            .Select(p => projection.TryProject(p.Latitude, p.Longitude, out var x, out var y) ? (X: x, Y: y) : (X: double.NaN, Y: double.NaN))
            .Where(p => !double.IsNaN(p.X))
            .ToArray();
        var (xMin, xMax, yMin, yMax) = projected.Length > 0
            ? (projected.Min(p => p.X), projected.Max(p => p.X), projected.Min(p => p.Y), projected.Max(p => p.Y))
            : projection.Kind == MapProjectionKind.PlateCarree ? (-180.0, 180.0, -90.0, 90.0) : (-0.9, 0.9, -0.9, 0.9);
        var pad = Padding * Math.Max(xMax - xMin, yMax - yMin);
        if (projection.Kind == MapProjectionKind.PlateCarree)
        {
            return MapFrame.Fit(projection, area, Math.Max(-180, xMin - pad), Math.Min(180, xMax + pad), Math.Max(-90, yMin - pad), Math.Min(90, yMax + pad));
        }

        return MapFrame.Fit(projection, area, xMin - pad, xMax + pad, yMin - pad, yMax + pad);
    }

    /// <summary>The finest order whose cells are at least <see cref="MinCellPixels"/> across (median over a sample of the cells).</summary>
    private static int DisplayOrderFor(CellValues cells, MapFrame frame)
    {
        var step = Math.Max(1, cells.Count / SizeSamples);
        var sizes = new List<double>();
        for (var i = 0; i < cells.Count; i += step)
        {
            var corners = Healpix.Boundary(cells.Nested[i], cells.Order);
            var pixels = new (double X, double Y)[4];
            var inside = true;
            for (var k = 0; k < 4 && inside; k++)
            {
                inside = frame.TryToPixel(corners[k].Latitude, corners[k].Longitude, out pixels[k].X, out pixels[k].Y);
            }

            var area = 0.0;
            for (var k = 0; inside && k < 4; k++)
            {
                area += pixels[k].X * pixels[(k + 1) % 4].Y - pixels[(k + 1) % 4].X * pixels[k].Y;
            }

            // A cell cut by the plate carrée seam has a huge bogus area: ignore it.
            if (inside && Math.Abs(area) / 2 < frame.Area.Width * frame.Area.Height)
            {
                sizes.Add(Math.Sqrt(Math.Abs(area) / 2));
            }
        }

        if (sizes.Count == 0)
        {
            return cells.Order;
        }

        sizes.Sort();
        var median = sizes[sizes.Count / 2];
        var coarser = median >= MinCellPixels ? 0 : (int)Math.Ceiling(Math.Log2(MinCellPixels / median));
        return Math.Max(0, cells.Order - coarser);
    }

    private static Dictionary<long, double> Aggregate(CellValues cells, int order)
    {
        var shift = 2 * (cells.Order - order);
        if (shift == 0)
        {
            var exact = new Dictionary<long, double>(cells.Count);
            for (var i = 0; i < cells.Count; i++)
            {
                exact[cells.Nested[i]] = cells.Values[i];
            }

            return exact;
        }

        var sums = new Dictionary<long, (double Sum, int Count)>();
        for (var i = 0; i < cells.Count; i++)
        {
            var key = cells.Nested[i] >> shift;
            sums.TryGetValue(key, out var sum);
            sums[key] = (sum.Sum + cells.Values[i], sum.Count + 1);
        }

        return sums.ToDictionary(e => e.Key, e => e.Value.Sum / e.Value.Count);
    }

    /// <summary>The colour scale: as asked, else the 2nd to 98th percentile of the values drawn (as xarray's robust=True), so a few outliers do not wash the map out.</summary>
    private static (double Min, double Max) ColourRange(MapRequest request, Colormap colormap, double[] sorted)
    {
        var noData = sorted.Length == 0;
        var data = noData ? (Min: double.NaN, Max: double.NaN) : (Min: Percentile(sorted, RobustLow), Max: Percentile(sorted, RobustHigh));
        switch (request.VMin, request.VMax)
        {
            case ({ } min, { } max):
                return (min, max);
            case ({ } min, null):
                return noData ? (min, min + 1)
                    : min < data.Max ? (min, data.Max)
                    : throw new QuicklookException($"vmin {min:G6} is not below the 98th percentile of the values shown ({data.Max:G6}); give vmax as well.");
            case (null, { } max):
                return noData ? (max - 1, max)
                    : max > data.Min ? (data.Min, max)
                    : throw new QuicklookException($"vmax {max:G6} is not above the 2nd percentile of the values shown ({data.Min:G6}); give vmin as well.");
        }

        if (noData)
        {
            return (0, 1);
        }

        if (colormap.IsDiverging)
        {
            var extreme = Math.Max(Math.Abs(data.Min), Math.Abs(data.Max));
            return extreme > 0 ? (-extreme, extreme) : (-1, 1);
        }

        // A single value sits in the middle of the scale.
        var half = data.Min < data.Max ? 0 : Math.Max(Math.Abs(data.Min) * 0.05, 0.5);
        return (data.Min - half, data.Max + half);
    }

    /// <summary>numpy's default (linear) percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }

    private static double Step(double span, int lines, double[] steps) => steps.FirstOrDefault(s => s >= span / lines, steps[^1]);
}
