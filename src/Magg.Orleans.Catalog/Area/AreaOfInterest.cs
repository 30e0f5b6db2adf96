using System.Globalization;
using Magg.Orleans.Catalog.Geometry;

namespace Magg.Orleans.Catalog.Area;

/// <summary>
/// Where a catalog is built: the region its parent cells must touch, and the box sent to CMR. Make one with
/// <see cref="AntarcticCap"/> (the default), <see cref="FromBoundingBox"/> or <see cref="FromGeoJsonFile"/>.
/// </summary>
public sealed class AreaOfInterest
{
    /// <summary>The latitude of the default area's edge: the Antarctic cap south of 60° S.</summary>
    public const double AntarcticCapLatitude = -60;

    // Parallels of a box are followed by great-circle chords this long (degrees of longitude): a few metres off at most.
    private const double ParallelStepDegrees = 0.25;

    private AreaOfInterest(ISphericalRegion region, BoundingBox box, string description, string? polygonPath)
    {
        Region = region;
        Box = box;
        Description = description;
        PolygonPath = polygonPath;
    }

    /// <summary>The built-in area: every point south of 60° S (CMR box -180,-90,180,-60).</summary>
    public static AreaOfInterest AntarcticCap { get; } = new(new LatitudeBand(-90, AntarcticCapLatitude),
        new BoundingBox(-180, -90, 180, AntarcticCapLatitude), "the Antarctic cap south of 60° S (built-in default)", null);

    /// <summary>The box CMR is asked for.</summary>
    public BoundingBox Box { get; }

    /// <summary>What the area is, for people.</summary>
    public string Description { get; }

    /// <summary>The GeoJSON file the area came from, if any (catalog metadata <c>polygon</c>).</summary>
    public string? PolygonPath { get; }

    internal ISphericalRegion Region { get; }

    /// <summary>
    /// A longitude/latitude box: parallels and meridians. West greater than east crosses the antimeridian; a box from
    /// -180 to 180 is a latitude band (with S = -90 or N = 90, a polar cap).
    /// </summary>
    /// <exception cref="CatalogInputException">A value out of range or out of order.</exception>
    public static AreaOfInterest FromBoundingBox(BoundingBox box)
    {
        ArgumentNullException.ThrowIfNull(box);
        box.Validate("bounding box");
        var description = $"the box {box.ToCmr()}";
        if (box.IsFullLongitude)
        {
            return new AreaOfInterest(new LatitudeBand(box.South, box.North), box, description, null);
        }

        var east = box.East > box.West ? box.East : box.East + 360;
        var steps = Math.Max(1, (int)Math.Ceiling((east - box.West) / ParallelStepDegrees));
        var ring = new List<Vec3>();
        for (var i = 0; i <= steps; i++)
        {
            ring.Add(Vec3.FromLatLon(box.South, box.West + (east - box.West) * i / steps));
        }

        for (var i = steps; i >= 0; i--)
        {
            ring.Add(Vec3.FromLatLon(box.North, box.West + (east - box.West) * i / steps));
        }

        var shell = SphericalRing.Create(ring, leftSide: true)
            ?? throw new CatalogInputException($"bounding box {box.ToCmr()} encloses no area.");
        return new AreaOfInterest(new SphericalPolygonSet([new SphericalPolygon(shell, [])]), box, description, null);
    }

    /// <summary>A polygon of (longitude, latitude) points (a config's <c>bounds.spatial</c>), judged on the sphere like a GeoJSON ring.</summary>
    /// <exception cref="CatalogInputException">A coordinate out of range or an invalid ring.</exception>
    public static AreaOfInterest FromPolygon(IReadOnlyList<(double Longitude, double Latitude)> points, string source)
    {
        ArgumentNullException.ThrowIfNull(points);
        var closed = points.Count > 0 && points[0] != points[^1] ? [.. points, points[0]] : points;
        var polygons = GeoJsonArea.FromRings([closed], source);
        return new AreaOfInterest(polygons, SphericalBounds.Of(polygons), $"the polygon of {source}", null);
    }

    /// <summary>The polygons of a GeoJSON file (Polygon, MultiPolygon, Feature or FeatureCollection; lon/lat; holes honoured).</summary>
    /// <exception cref="CatalogInputException">The file cannot be read, is not GeoJSON, or a ring is invalid on the sphere.</exception>
    public static AreaOfInterest FromGeoJsonFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogInputException($"--polygon '{path}': cannot read it ({e.Message}).", e);
        }

        var polygons = GeoJsonArea.Read(json, $"--polygon '{path}'");
        var box = SphericalBounds.Of(polygons);
        var description = string.Create(CultureInfo.InvariantCulture, $"{polygons.Polygons.Count} polygon(s) from {path}");
        return new AreaOfInterest(polygons, box, description, path);
    }
}
