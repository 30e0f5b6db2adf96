using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Magg.Orleans.Core.Config;

/// <summary>
/// Reads <c>bounds</c>: <c>temporal {start_date, end_date}</c> as ISO dates, and <c>spatial</c> as a bounding box
/// <c>[min_lon, min_lat, max_lon, max_lat]</c> or a polygon <c>[[lon, lat], ...]</c> of at least 3 points.
/// </summary>
internal static class BoundsReader
{
    public static BoundsConfig Read(YamlSection bounds)
    {
        DateOnly? start = null;
        DateOnly? end = null;
        if (bounds.OptionalSection("temporal") is { } temporal)
        {
            start = ReadDate(temporal, "start_date");
            end = ReadDate(temporal, "end_date");
            if (start > end)
            {
                throw temporal.Error("end_date", $"{end:yyyy-MM-dd} is before start_date {start:yyyy-MM-dd}");
            }
        }

        var polygon = bounds.Find("spatial") is { } spatial ? ReadPolygon(bounds, spatial) : null;
        return new BoundsConfig(start, end, polygon);
    }

    private static DateOnly? ReadDate(YamlSection section, string key)
    {
        var text = section.OptionalText(key);
        if (text is null)
        {
            return null;
        }

        // Accept dates and date-times (magg writes both); only the date matters for catalog queries.
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment)
            ? DateOnly.FromDateTime(moment.UtcDateTime)
            : throw section.Error(key, $"'{text}' is not a date (use YYYY-MM-DD)");
    }

    private static (double Longitude, double Latitude)[] ReadPolygon(YamlSection bounds, YamlNode spatial)
    {
        const string Expected = "must be [min_lon, min_lat, max_lon, max_lat] or a list of at least 3 [lon, lat] points";
        if (spatial is not YamlSequenceNode sequence)
        {
            throw bounds.Error("spatial", Expected, spatial);
        }

        (double Longitude, double Latitude)[] points;
        if (sequence.Children.Count == 4 && sequence.Children.All(c => c is YamlScalarNode))
        {
            var box = sequence.Children.Select(c => Number(bounds, c)).ToArray();
            if (box[0] >= box[2] || box[1] >= box[3])
            {
                throw bounds.Error("spatial", "bounding box minimums must be below maximums", spatial);
            }

            points = [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])];
        }
        else if (sequence.Children.Count >= 3 && sequence.Children.All(c => c is YamlSequenceNode { Children.Count: 2 }))
        {
            points = sequence.Children.Cast<YamlSequenceNode>().Select(p => (Number(bounds, p.Children[0]), Number(bounds, p.Children[1]))).ToArray();
        }
        else
        {
            throw bounds.Error("spatial", Expected, spatial);
        }

        var bad = points.FirstOrDefault(p => p.Latitude is < -90 or > 90 || p.Longitude is < -180 or > 360);
        if (bad != default)
        {
            throw bounds.Error("spatial", $"({bad.Longitude}, {bad.Latitude}) is not a longitude/latitude in degrees", spatial);
        }

        return points;
    }

    private static double Number(YamlSection bounds, YamlNode node) =>
        node is YamlScalarNode scalar && YamlSection.TryParseNumber(scalar.Value, out var value) && double.IsFinite(value)
            ? value
            : throw bounds.Error("spatial", "coordinates must be numbers", node);
}
