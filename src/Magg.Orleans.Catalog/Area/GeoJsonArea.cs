using System.Globalization;
using System.Text.Json;
using Magg.Orleans.Catalog.Geometry;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Magg.Orleans.Catalog.Area;

/// <summary>
/// Reads an area of interest from GeoJSON with NetTopologySuite, then checks it on the sphere (not in the plane): a
/// ring may cross the antimeridian, a ring round a pole holds that pole, and a ring that crosses itself is refused.
/// </summary>
internal static class GeoJsonArea
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <exception cref="CatalogInputException">Not GeoJSON, no polygon, a coordinate out of range or an invalid ring.</exception>
    public static SphericalPolygonSet Read(string json, string source)
    {
        var polygons = new List<SphericalPolygon>();
        foreach (var polygon in Geometries(json, source))
        {
            var number = polygons.Count + 1;
            var shell = Ring(polygon.Shell, source, $"polygon {number}, outer ring");
            var holes = polygon.Holes.Select((h, i) => Ring(h, source, string.Create(CultureInfo.InvariantCulture, $"polygon {number}, hole {i + 1}"))).ToArray();
            polygons.Add(new SphericalPolygon(shell, holes));
        }

        if (polygons.Count == 0)
        {
            throw new CatalogInputException($"{source}: no Polygon or MultiPolygon in the GeoJSON.");
        }

        return new SphericalPolygonSet(polygons);
    }

    /// <summary>One polygon from closed (longitude, latitude) rings: the first is the shell, the others holes.</summary>
    /// <exception cref="CatalogInputException">A coordinate out of range or an invalid ring.</exception>
    public static SphericalPolygonSet FromRings(IReadOnlyList<IReadOnlyList<(double Longitude, double Latitude)>> rings, string source)
    {
        var factory = new GeometryFactory();
        var linear = rings.Select(r => factory.CreateLinearRing([.. r.Select(p => new Coordinate(p.Longitude, p.Latitude))])).ToArray();
        var shell = Ring(linear[0], source, "outer ring");
        var holes = linear.Skip(1).Select((h, i) => Ring(h, source, string.Create(CultureInfo.InvariantCulture, $"hole {i + 1}"))).ToArray();
        return new SphericalPolygonSet([new SphericalPolygon(shell, holes)]);
    }

    private static List<Polygon> Geometries(string json, string source)
    {
        NetTopologySuite.Geometries.Geometry?[] geometries;
        try
        {
            using var document = JsonDocument.Parse(json);
            var type = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("type", out var t)
                ? t.GetString()
                : null;
            geometries = type switch
            {
                "FeatureCollection" => [.. (JsonSerializer.Deserialize<FeatureCollection>(json, Options) ?? []).Select(f => f.Geometry)],
                "Feature" => [JsonSerializer.Deserialize<IFeature>(json, Options)?.Geometry],
                null => throw new CatalogInputException($"{source}: not GeoJSON (no \"type\" member at the top level)."),
                _ => [JsonSerializer.Deserialize<NetTopologySuite.Geometries.Geometry>(json, Options)],
            };
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new CatalogInputException($"{source}: invalid GeoJSON ({Describe(e)}).", e);
        }

        var polygons = new List<Polygon>();
        foreach (var geometry in geometries)
        {
            Collect(geometry, polygons, source);
        }

        return polygons;
    }

    private static void Collect(NetTopologySuite.Geometries.Geometry? geometry, List<Polygon> polygons, string source)
    {
        switch (geometry)
        {
            case Polygon polygon:
                polygons.Add(polygon);
                break;
            case GeometryCollection collection:
                foreach (var part in collection.Geometries)
                {
                    Collect(part, polygons, source);
                }

                break;
            case null:
                break;
            default:
                throw new CatalogInputException($"{source}: a {geometry.GeometryType} is not an area; use Polygon or MultiPolygon.");
        }
    }

    private static SphericalRing Ring(LinearRing ring, string source, string which)
    {
        var coordinates = ring.Coordinates;
        if (coordinates.Length < 4 || !coordinates[0].Equals2D(coordinates[^1]))
        {
            throw new CatalogInputException($"{source}: {which} is not a closed ring (its last position must repeat the first).");
        }

        foreach (var c in coordinates)
        {
            if (!double.IsFinite(c.Y) || c.Y is < -90 or > 90)
            {
                throw new CatalogInputException(string.Create(CultureInfo.InvariantCulture, $"{source}: {which}: latitude {c.Y} out of range -90..90 (GeoJSON positions are [lon, lat])."));
            }

            if (!double.IsFinite(c.X) || c.X is < -180 or > 360)
            {
                throw new CatalogInputException(string.Create(CultureInfo.InvariantCulture, $"{source}: {which}: longitude {c.X} out of range -180..180."));
            }
        }

        var spherical = SphericalRing.Create(coordinates.Select(c => Vec3.FromLatLon(c.Y, c.X)))
            ?? throw new CatalogInputException($"{source}: {which} encloses no area (fewer than three distinct points, or all on one great circle).");
        if (spherical.FindSelfIntersection() is var (first, second))
        {
            var at = spherical.Start(first);
            throw new CatalogInputException(string.Create(CultureInfo.InvariantCulture,
                $"{source}: {which} is self-intersecting: edge {first + 1} (from {at.Longitude:0.###}, {at.Latitude:0.###}) crosses edge {second + 1} on the sphere."));
        }

        return spherical;
    }

    private static string Describe(Exception e) => e.Message.Contains("closed", StringComparison.OrdinalIgnoreCase)
        ? $"a ring is not closed: {e.Message}"
        : e.Message;
}
