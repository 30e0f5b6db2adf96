namespace Magg.Orleans.Quicklook.Maps;

/// <summary>
/// A projection of the sphere (latitude, longitude in degrees) onto a plane (x to the right, y up). Polar stereographic
/// units are sphere radii; plate carrée units are degrees.
/// </summary>
public abstract class MapProjection
{
    private static readonly string[] KindNames = ["south-polar", "north-polar", "plate-carree"];

    /// <summary>Which projection this is.</summary>
    public abstract MapProjectionKind Kind { get; }

    /// <summary>The name used on the command line, e.g. <c>south-polar</c>.</summary>
    public string Name => NameOf(Kind);

    /// <summary>The names <see cref="ParseKind"/> accepts.</summary>
    public static IReadOnlyList<string> Names => KindNames;

    /// <summary>Projects a point; false when it is outside the projection's domain.</summary>
    public abstract bool TryProject(double latitude, double longitude, out double x, out double y);

    /// <summary>The point at plane coordinates (<paramref name="x"/>, <paramref name="y"/>); false outside the domain.</summary>
    public abstract bool TryUnproject(double x, double y, out double latitude, out double longitude);

    /// <summary>The projection of <paramref name="kind"/>; plate carrée is centred on <paramref name="centralLongitude"/>.</summary>
    public static MapProjection Create(MapProjectionKind kind, double centralLongitude = 0) => kind switch
    {
        MapProjectionKind.SouthPolar => new PolarStereographicProjection(south: true),
        MapProjectionKind.NorthPolar => new PolarStereographicProjection(south: false),
        MapProjectionKind.PlateCarree => new PlateCarreeProjection(centralLongitude),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Parses <c>south-polar</c>, <c>north-polar</c> or <c>plate-carree</c> (case ignored).</summary>
    /// <exception cref="QuicklookException">Another name; the message lists the choices.</exception>
    public static MapProjectionKind ParseKind(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var index = Array.IndexOf(KindNames, name.Trim().ToLowerInvariant());
        return index >= 0
            ? (MapProjectionKind)index
            : throw new QuicklookException($"Unknown projection '{name}'; choose one of: {string.Join(", ", KindNames)}.");
    }

    /// <summary>The command-line name of <paramref name="kind"/>.</summary>
    public static string NameOf(MapProjectionKind kind) => KindNames[(int)kind];
}
