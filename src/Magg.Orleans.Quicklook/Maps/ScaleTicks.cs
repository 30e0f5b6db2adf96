using System.Globalization;

namespace Magg.Orleans.Quicklook.Maps;

/// <summary>Round tick values (1, 2 or 5 times a power of ten apart) for a colour scale, with labels of just enough digits.</summary>
internal static class ScaleTicks
{
    public static IReadOnlyList<(double Value, string Label)> For(double min, double max, int approximateCount)
    {
        var span = max - min;
        if (!(span > 0) || !double.IsFinite(span))
        {
            return [(min, Format(min, 1))];
        }

        var raw = span / Math.Max(1, approximateCount);
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * power).First(s => s >= raw * 0.999);
        var ticks = new List<(double, string)>();
        for (var value = Math.Ceiling(min / step) * step; value <= max + step * 1e-9; value += step)
        {
            var tick = Math.Abs(value) < step * 1e-9 ? 0 : value;
            ticks.Add((tick, Format(tick, step)));
        }

        return ticks;
    }

    private static string Format(double value, double step)
    {
        var magnitude = Math.Max(Math.Abs(value), step);
        if (magnitude >= 1e6 || magnitude < 1e-3)
        {
            return value.ToString("0.##E+0", CultureInfo.InvariantCulture);
        }

        var decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step) + 1e-9), 0, 6);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).Replace('-', '\u2212');
    }
}
