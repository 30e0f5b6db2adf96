using System.Globalization;
using SkiaSharp;

namespace Magg.Orleans.Quicklook.Maps;

/// <summary>
/// A 256-colour map from a value range to colours, as matplotlib's listed colormaps: the range [vmin, vmax] is cut into
/// 256 equal bins, values below or above take the end colours. Names: <c>viridis</c> (default), <c>cividis</c>,
/// <c>rdbu</c> (diverging, for signed data); a <c>_r</c> suffix reverses any of them. Names ignore case.
/// </summary>
public sealed class Colormap
{
    private const int Size = 256;

    private static readonly string[] BaseNames = ["viridis", "cividis", "rdbu"];

    private readonly SKColor[] _colors;

    private Colormap(string name, SKColor[] colors, bool diverging)
    {
        Name = name;
        _colors = colors;
        IsDiverging = diverging;
    }

    /// <summary>The names <see cref="Get"/> accepts (each also with <c>_r</c>).</summary>
    public static IReadOnlyList<string> Names => BaseNames;

    /// <summary>The canonical lower-case name, e.g. <c>viridis</c> or <c>rdbu_r</c>.</summary>
    public string Name { get; }

    /// <summary>True for maps centred on a neutral colour, meant for signed data around zero.</summary>
    public bool IsDiverging { get; }

    /// <summary>The map called <paramref name="name"/>.</summary>
    /// <exception cref="QuicklookException">No map has that name; the message lists them.</exception>
    public static Colormap Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant();
        var reversed = key.EndsWith("_r", StringComparison.Ordinal);
        var table = (reversed ? key[..^2] : key) switch
        {
            "viridis" => ColormapTables.Viridis,
            "cividis" => ColormapTables.Cividis,
            "rdbu" => ColormapTables.RdBu,
            _ => throw new QuicklookException($"Unknown colormap '{name}'; choose one of: {string.Join(", ", BaseNames)} (or any of them with _r to reverse it)."),
        };
        var colors = Parse(table);
        if (reversed)
        {
            Array.Reverse(colors);
        }

        return new Colormap(key, colors, key.StartsWith("rdbu", StringComparison.Ordinal));
    }

    /// <summary>The colour of position <paramref name="t"/> in [0, 1] (clamped; NaN gives transparent).</summary>
    public SKColor At(double t) => double.IsNaN(t) ? SKColors.Transparent : _colors[Bin(t)];

    /// <summary>The colour of <paramref name="value"/> on the scale [<paramref name="vmin"/>, <paramref name="vmax"/>].</summary>
    public SKColor Map(double value, double vmin, double vmax) => At((value - vmin) / (vmax - vmin));

    private static int Bin(double t) => t <= 0 ? 0 : t >= 1 ? Size - 1 : Math.Min(Size - 1, (int)(t * Size));

    private static SKColor[] Parse(string hex)
    {
        var colors = new SKColor[Size];
        for (var i = 0; i < Size; i++)
        {
            var rgb = uint.Parse(hex.AsSpan(i * 6, 6), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            colors[i] = new SKColor(0xFF000000 | rgb);
        }

        return colors;
    }
}
