using System.Globalization;

namespace Magg.Orleans.Catalog.Area;

/// <summary>
/// A longitude/latitude box in degrees as CMR's <c>bounding_box</c> takes it: west, south, east, north. West greater
/// than east means the box crosses the antimeridian.
/// </summary>
public sealed record BoundingBox(double West, double South, double East, double North)
{
    /// <summary>Every longitude.</summary>
    public bool IsFullLongitude => West <= -180 && East >= 180;

    /// <summary>A box from <c>W,S,E,N</c> text; the error names what is wrong.</summary>
    /// <exception cref="CatalogInputException">Not four numbers, a value out of range, or south not below north.</exception>
    public static BoundingBox Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        if (parts.Length != 4 || parts.Where((p, i) => !double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).Any()
            || values.Any(v => !double.IsFinite(v)))
        {
            throw new CatalogInputException($"--bbox '{text}' must be four numbers W,S,E,N (degrees), e.g. -180,-90,180,-60.");
        }

        var box = new BoundingBox(values[0], values[1], values[2], values[3]);
        box.Validate($"--bbox '{text}'");
        return box;
    }

    /// <summary>Checks the ranges and the order of the values.</summary>
    /// <exception cref="CatalogInputException">A value out of range or south not below north.</exception>
    public void Validate(string what)
    {
        if (West is < -180 or > 180 || East is < -180 or > 180)
        {
            throw new CatalogInputException($"{what}: longitudes must be in -180..180 (got west {Format(West)}, east {Format(East)}).");
        }

        if (South is < -90 or > 90 || North is < -90 or > 90)
        {
            throw new CatalogInputException($"{what}: latitude out of range -90..90 (got south {Format(South)}, north {Format(North)}).");
        }

        if (South >= North)
        {
            throw new CatalogInputException($"{what}: W,S,E,N out of order: south {Format(South)} must be below north {Format(North)}.");
        }

        if (West == East)
        {
            throw new CatalogInputException($"{what}: W,S,E,N out of order: west and east are both {Format(West)} (west > east crosses the antimeridian).");
        }
    }

    /// <summary>The <c>bounding_box</c> parameter value.</summary>
    public string ToCmr() => string.Join(',', new[] { West, South, East, North }.Select(Format));

    /// <summary>The box as the catalog metadata's <c>bbox</c> list.</summary>
    public double[] ToArray() => [West, South, East, North];

    private static string Format(double value) => Math.Round(value, 6).ToString("0.######", CultureInfo.InvariantCulture);
}
