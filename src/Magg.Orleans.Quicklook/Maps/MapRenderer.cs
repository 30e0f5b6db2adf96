using Magg.Orleans.Core.Spatial;
using SkiaSharp;

namespace Magg.Orleans.Quicklook.Maps;

/// <summary>
/// Draws a planned map with SkiaSharp: graticule, cells, frame, colour bar and titles on a transparent canvas.
/// Each map pixel takes the colour of the display cell its centre falls in (found with ang2pix), so cells are filled
/// exactly to their HEALPix boundaries in any projection, across the antimeridian and at the poles.
/// </summary>
internal static class MapRenderer
{
    private static readonly SKColor Ink = new(0x22, 0x22, 0x22);
    private static readonly SKColor Halo = new(0xFF, 0xFF, 0xFF, 0xC8);
    private static readonly SKColor GraticuleColor = new(0x80, 0x80, 0x80, 0x70);
    private static readonly SKColor FrameColor = new(0x80, 0x80, 0x80, 0xB0);

    /// <summary>The pixel rectangle the map takes in a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public static SKRectI MapArea(int width, int height)
    {
        var s = UiScale(width, height);
        var top = (int)(Margin(s) + 20 * s * 1.3 + 13 * s * 1.5 + 6 * s);
        return new SKRectI((int)Margin(s), top, width - (int)(120 * s), height - (int)(12 * s * 1.8 + Margin(s) / 2));
    }

    public static byte[] Render(MapPlan plan, Colormap colormap, int width, int height, MapText text, bool graticule)
    {
        var s = UiScale(width, height);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            if (graticule)
            {
                DrawGraticule(canvas, plan, s);
            }

            canvas.Flush();
        }

        FillCells(bitmap, plan, colormap);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var framePaint = new SKPaint { Color = FrameColor, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
            var area = plan.Frame.Area;
            canvas.DrawRect(area.Left - 0.5f, area.Top - 0.5f, area.Width + 1, area.Height + 1, framePaint);
            DrawColourBar(canvas, plan, colormap, text.Label, s);
            DrawTitles(canvas, text, width, height, s);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static float UiScale(int width, int height) => Math.Clamp(MathF.Sqrt(width * (float)height) / 900f, 0.8f, 3f);

    private static float Margin(float s) => 12 * s;

    private static void FillCells(SKBitmap bitmap, MapPlan plan, Colormap colormap)
    {
        if (plan.Display.Count == 0)
        {
            return;
        }

        var frame = plan.Frame;
        var (vmin, vmax) = plan.Scale;
        var pixels = bitmap.GetPixelSpan();
        var stride = bitmap.RowBytes;
        for (var py = frame.Area.Top; py < frame.Area.Bottom; py++)
        {
            var lastCell = -1L;
            var lastColour = SKColors.Transparent;
            for (var px = frame.Area.Left; px < frame.Area.Right; px++)
            {
                if (!frame.TryToLatLon(px + 0.5, py + 0.5, out var latitude, out var longitude))
                {
                    continue;
                }

                var cell = Healpix.LatLonToNested(latitude, longitude, plan.DisplayOrder);
                if (cell != lastCell)
                {
                    lastCell = cell;
                    lastColour = plan.Display.TryGetValue(cell, out var value) ? colormap.Map(value, vmin, vmax) : SKColors.Transparent;
                }

                if (lastColour.Alpha != 0)
                {
                    var offset = py * stride + px * 4;
                    pixels[offset] = lastColour.Red;
                    pixels[offset + 1] = lastColour.Green;
                    pixels[offset + 2] = lastColour.Blue;
                    pixels[offset + 3] = lastColour.Alpha;
                }
            }
        }
    }

    private static void DrawGraticule(SKCanvas canvas, MapPlan plan, float s)
    {
        var frame = plan.Frame;
        var (latitudeStep, longitudeStep) = plan.GraticuleStep;
        using var paint = new SKPaint { Color = GraticuleColor, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(1, s * 0.8f), IsAntialias = true };
        using var builder = new SKPathBuilder();
        for (var latitude = -90 + latitudeStep; latitude < 90; latitude += latitudeStep)
        {
            var at = latitude;
            AddLine(builder, frame, 1441, i => (at, -180 + i * 0.25));
        }

        for (var longitude = -180.0; longitude < 180; longitude += longitudeStep)
        {
            var at = longitude;
            AddLine(builder, frame, 721, i => (-90 + i * 0.25, at));
        }

        canvas.Save();
        canvas.ClipRect(frame.Area);
        using var path = builder.Detach();
        canvas.DrawPath(path, paint);
        canvas.Restore();
    }

    /// <summary>Adds a polyline through <paramref name="count"/> points, broken where a point cannot be projected or the line jumps (a seam).</summary>
    private static void AddLine(SKPathBuilder path, MapFrame frame, int count, Func<int, (double Latitude, double Longitude)> point)
    {
        var jump = Math.Max(frame.Area.Width, frame.Area.Height) / 4.0;
        var previous = (X: double.NaN, Y: double.NaN);
        for (var i = 0; i < count; i++)
        {
            var (latitude, longitude) = point(i);
            if (!frame.TryToPixel(latitude, longitude, out var x, out var y) || Math.Abs(x) > 1e6 || Math.Abs(y) > 1e6)
            {
                previous = (double.NaN, double.NaN);
                continue;
            }

            if (double.IsNaN(previous.X) || Math.Abs(x - previous.X) + Math.Abs(y - previous.Y) > jump)
            {
                path.MoveTo((float)x, (float)y);
            }
            else
            {
                path.LineTo((float)x, (float)y);
            }

            previous = (x, y);
        }
    }

    private static void DrawColourBar(SKCanvas canvas, MapPlan plan, Colormap colormap, string label, float s)
    {
        var area = plan.Frame.Area;
        var left = area.Right + 16 * s;
        var barWidth = 18 * s;
        var top = area.Top + area.Height * 0.1f;
        var height = area.Height * 0.8f;
        using var fill = new SKPaint { Style = SKPaintStyle.Fill };
        for (var row = 0; row < (int)height; row++)
        {
            fill.Color = colormap.At(1 - (row + 0.5) / height);
            canvas.DrawRect(left, top + row, barWidth, 1, fill);
        }

        using var outline = new SKPaint { Color = FrameColor, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        canvas.DrawRect(left - 0.5f, top - 0.5f, barWidth + 1, (int)height + 1, outline);

        // Triangles at the ends say values lie beyond the scale (drawn in the end colours), as matplotlib's extend.
        var (dataMin, dataMax) = plan.DataRange;
        if (dataMax > plan.Scale.Max)
        {
            Triangle(canvas, left, top - 1, barWidth, -barWidth * 0.9f, colormap.At(1), outline);
        }

        if (dataMin < plan.Scale.Min)
        {
            Triangle(canvas, left, top + (int)height + 1, barWidth, barWidth * 0.9f, colormap.At(0), outline);
        }

        var (vmin, vmax) = plan.Scale;
        using var font = new SKFont(QuicklookFonts.Regular, 12 * s);
        var widest = 0f;
        foreach (var (value, text) in ScaleTicks.For(vmin, vmax, 6))
        {
            var y = top + (float)((vmax - value) / (vmax - vmin)) * (int)height;
            canvas.DrawLine(left + barWidth, y, left + barWidth + 4 * s, y, outline);
            DrawText(canvas, text, left + barWidth + 6 * s, y + 4 * s, SKTextAlign.Left, font);
            widest = Math.Max(widest, font.MeasureText(text));
        }

        canvas.Save();
        var labelX = left + barWidth + 10 * s + widest + 12 * s;
        canvas.Translate(labelX, top + height / 2);
        canvas.RotateDegrees(90);
        DrawText(canvas, Fit(label, font, height), 0, 0, SKTextAlign.Center, font);
        canvas.Restore();
    }

    private static void Triangle(SKCanvas canvas, float left, float baseY, float width, float height, SKColor colour, SKPaint outline)
    {
        using var builder = new SKPathBuilder();
        builder.MoveTo(left, baseY);
        builder.LineTo(left + width, baseY);
        builder.LineTo(left + width / 2, baseY + height);
        builder.Close();
        using var path = builder.Detach();
        using var fill = new SKPaint { Color = colour, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawPath(path, fill);
        canvas.DrawPath(path, outline);
    }

    private static void DrawTitles(SKCanvas canvas, MapText text, int width, int height, float s)
    {
        var margin = Margin(s);
        var room = width - 2 * margin;
        using var title = new SKFont(QuicklookFonts.Bold, 20 * s);
        using var subtitle = new SKFont(QuicklookFonts.Regular, 13 * s);
        using var footer = new SKFont(QuicklookFonts.Regular, 12 * s);
        var y = margin + 20 * s;
        DrawText(canvas, Fit(text.Title, title, room), margin, y, SKTextAlign.Left, title);
        y += 13 * s * 1.5f + 4 * s;
        DrawText(canvas, Fit(text.Subtitle, subtitle, room), margin, y, SKTextAlign.Left, subtitle);
        DrawText(canvas, Fit(text.Footer, footer, room), margin, height - margin / 2 - 4 * s, SKTextAlign.Left, footer);
    }

    /// <summary>Dark text with a light halo, readable on light and dark pages alike.</summary>
    private static void DrawText(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font)
    {
        using var halo = new SKPaint { Color = Halo, Style = SKPaintStyle.Stroke, StrokeWidth = Math.Max(2, font.Size / 5), IsAntialias = true, StrokeJoin = SKStrokeJoin.Round };
        using var ink = new SKPaint { Color = Ink, IsAntialias = true };
        canvas.DrawText(text, x, y, align, font, halo);
        canvas.DrawText(text, x, y, align, font, ink);
    }

    /// <summary><paramref name="text"/> cut in the middle with an ellipsis so it fits <paramref name="room"/> pixels.</summary>
    private static string Fit(string text, SKFont font, float room)
    {
        if (font.MeasureText(text) <= room)
        {
            return text;
        }

        for (var keep = text.Length - 1; keep > 4; keep--)
        {
            var head = keep / 2;
            var candidate = string.Concat(text.AsSpan(0, head), "\u2026", text.AsSpan(text.Length - (keep - head)));
            if (font.MeasureText(candidate) <= room)
            {
                return candidate;
            }
        }

        return "\u2026";
    }
}
