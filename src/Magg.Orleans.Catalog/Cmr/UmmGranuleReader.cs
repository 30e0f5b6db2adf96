using System.Globalization;
using System.Text.Json;

namespace Magg.Orleans.Catalog.Cmr;

/// <summary>
/// Reads a <c>granules.umm_json</c> page: <c>{"hits": N, "items": [{"meta": ..., "umm": ...}]}</c>. Missing or odd members
/// give nulls or empty lists, never an exception: a granule CMR describes badly is skipped later, with its reason.
/// </summary>
internal static class UmmGranuleReader
{
    private static readonly JsonElement EmptyArray = JsonElement.Parse("[]");

    public static List<CmrGranule> ReadItems(JsonElement root)
    {
        var granules = new List<CmrGranule>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return granules;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("umm", out var umm) && umm.ValueKind == JsonValueKind.Object)
            {
                granules.Add(Read(umm, item));
            }
        }

        return granules;
    }

    private static CmrGranule Read(JsonElement umm, JsonElement item)
    {
        var id = Text(umm, "GranuleUR") ?? (item.TryGetProperty("meta", out var meta) ? Text(meta, "concept-id") : null) ?? "(no GranuleUR)";
        string? s3 = null;
        string? https = null;
        foreach (var url in Array(umm, "RelatedUrls"))
        {
            var type = Text(url, "Type");
            var address = Text(url, "URL");
            if (address is null || !address.EndsWith(".h5", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (s3 is null && type == "GET DATA VIA DIRECT ACCESS" && address.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
            {
                s3 = address;
            }
            else if (https is null && type == "GET DATA" && address.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                https = address;
            }
        }

        var footprints = new List<IReadOnlyList<(double, double)>>();
        if (Member(umm, "SpatialExtent") is { } spatial && Member(spatial, "HorizontalSpatialDomain") is { } horizontal
            && Member(horizontal, "Geometry") is { } geometry)
        {
            foreach (var polygon in Array(geometry, "GPolygons"))
            {
                if (Member(polygon, "Boundary") is { } boundary)
                {
                    var points = new List<(double, double)>();
                    foreach (var point in Array(boundary, "Points"))
                    {
                        if (Point(point) is { } valid)
                        {
                            points.Add(valid);
                        }
                    }

                    footprints.Add(points);
                }
            }
        }

        var (start, end) = Temporal(umm);
        return new CmrGranule(id, s3, https, start, end, footprints);
    }

    private static (DateTimeOffset?, DateTimeOffset?) Temporal(JsonElement umm)
    {
        if (Member(umm, "TemporalExtent") is not { } temporal)
        {
            return (null, null);
        }

        if (Member(temporal, "RangeDateTime") is { } range)
        {
            return (Time(range, "BeginningDateTime"), Time(range, "EndingDateTime"));
        }

        var single = Time(temporal, "SingleDateTime");
        return (single, single);
    }

    private static (double, double)? Point(JsonElement point)
    {
        if (Member(point, "Latitude") is { ValueKind: JsonValueKind.Number } lat && Member(point, "Longitude") is { ValueKind: JsonValueKind.Number } lon
            && lat.TryGetDouble(out var latitude) && lon.TryGetDouble(out var longitude))
        {
            return (latitude, longitude);
        }

        return null;
    }

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : null;

    private static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static JsonElement.ArrayEnumerator Array(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : EmptyArray.EnumerateArray();
}
