using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Synthetic;

namespace Magg.Orleans.TestSupport.Cmr;

/// <summary>
/// UMM-G granule records as CMR serves them for ATL06 (GranuleUR, RelatedUrls with data, metadata and browse links,
/// GPolygons, RangeDateTime), with footprints along synthetic ICESat-2 ground tracks.
/// </summary>
public static class UmmGranules
{
    /// <summary>Bucket of the s3 URLs.</summary>
    public const string Bucket = "nsidc-cumulus-prod-protected";

    /// <summary>Host of the https URLs.</summary>
    public const string HttpsHost = "https://data.nsidc.earthdatacloud.nasa.gov";

    /// <summary>The <c>s3_base</c> a catalog of these granules gets.</summary>
    public const string S3Base = "s3://" + Bucket;

    /// <summary>The <c>https_base</c> a catalog of these granules gets.</summary>
    public const string HttpsBase = HttpsHost + "/" + Bucket;

    /// <summary>A granule named <paramref name="name"/> (without .h5) starting at <paramref name="start"/> with the given footprint rings ((lat, lon)).</summary>
    public static JsonObject Item(string name, DateTimeOffset start, IEnumerable<(double Latitude, double Longitude)[]> rings, bool withS3 = true)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"ATLAS/ATL06/007/{start:yyyy/MM/dd}/{name}");
        var urls = new JsonArray
        {
            Url($"{HttpsHost}/{Bucket}/{path}.h5", "GET DATA"),
            Url($"{HttpsHost}/{Bucket}/{path}.iso.xml", "EXTENDED METADATA"),
            Url($"{HttpsHost}/nsidc-cumulus-prod-public/{path}_BRW.default.default1.png", "GET RELATED VISUALIZATION"),
            Url($"{HttpsHost}/s3credentials", "VIEW RELATED INFORMATION"),
        };
        if (withS3)
        {
            urls.Add(Url($"s3://{Bucket}/{path}.h5", "GET DATA VIA DIRECT ACCESS"));
            urls.Add(Url($"s3://{Bucket}/{path}.iso.xml", "GET DATA VIA DIRECT ACCESS"));
        }

        var polygons = new JsonArray();
        foreach (var ring in rings)
        {
            var points = new JsonArray();
            foreach (var (latitude, longitude) in ring)
            {
                points.Add(new JsonObject { ["Longitude"] = Math.Round(longitude, 6), ["Latitude"] = Math.Round(latitude, 6) });
            }

            polygons.Add(new JsonObject { ["Boundary"] = new JsonObject { ["Points"] = points } });
        }

        return new JsonObject
        {
            ["meta"] = new JsonObject { ["concept-type"] = "granule", ["concept-id"] = $"G{Math.Abs(name.GetHashCode(StringComparison.Ordinal))}-NSIDC_CPRD", ["provider-id"] = "NSIDC_CPRD" },
            ["umm"] = new JsonObject
            {
                ["GranuleUR"] = $"{name}.h5",
                ["CollectionReference"] = new JsonObject { ["ShortName"] = "ATL06", ["Version"] = "007" },
                ["TemporalExtent"] = new JsonObject
                {
                    ["RangeDateTime"] = new JsonObject
                    {
                        ["BeginningDateTime"] = start.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                        ["EndingDateTime"] = start.AddMinutes(6.7).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                    },
                },
                ["SpatialExtent"] = new JsonObject
                {
                    ["HorizontalSpatialDomain"] = new JsonObject { ["Geometry"] = new JsonObject { ["GPolygons"] = polygons } },
                },
                ["RelatedUrls"] = urls,
                ["DataGranule"] = new JsonObject { ["DayNightFlag"] = "Unspecified", ["ProductionDateTime"] = "2024-05-01T00:00:00.000Z" },
            },
        };
    }

    /// <summary>The record of a synthetic track: its footprint strip, named and timed like an ATL06 granule.</summary>
    public static JsonObject Item(SyntheticTrack track, bool withS3 = true)
    {
        ArgumentNullException.ThrowIfNull(track);
        var name = Path.GetFileNameWithoutExtension(track.GranuleName).Replace("_006_", "_007_", StringComparison.Ordinal);
        return Item(name, track.StartTime, [SyntheticFootprint.Of(track)], withS3);
    }

    /// <summary>The s3 URL <see cref="Item(string, DateTimeOffset, IEnumerable{ValueTuple{double, double}[]}, bool)"/> gives a granule.</summary>
    public static string S3Url(JsonObject item) =>
        item["umm"]!["RelatedUrls"]!.AsArray().First(u => (string?)u!["Type"] == "GET DATA VIA DIRECT ACCESS")!["URL"]!.GetValue<string>();

    /// <summary>
    /// <paramref name="count"/> granules of a cycle over a latitude range, in start order: crossings spread in latitude and
    /// longitude, both directions, each 1/14 of an orbit long.
    /// </summary>
    public static List<JsonObject> Cycle(int count, int seed, double minLatitude, double maxLatitude)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2024, 1, 6, 0, 0, 0, TimeSpan.Zero);
        var items = new List<JsonObject>(count);
        for (var i = 0; i < count; i++)
        {
            var track = new SyntheticTrack(minLatitude + random.NextDouble() * (maxLatitude - minLatitude), random.NextDouble() * 360 - 180,
                random.Next(2) == 0 ? TrackDirection.Ascending : TrackDirection.Descending, 2_860, 1 + i % 1387, 22,
                start.AddSeconds(i * 91.0 * 86_400 / count));
            items.Add(Item(track));
        }

        return items;
    }

    private static JsonObject Url(string url, string type) => new() { ["URL"] = url, ["Type"] = type };
}
