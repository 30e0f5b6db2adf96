using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Magg.Orleans.Synthetic;

/// <summary>The magg catalog JSON of a demo data set (SPEC §5), with the ground truth under <c>metadata.synthetic</c>.</summary>
internal sealed class DemoCatalog(DemoDataset dataset, IReadOnlyList<SyntheticTrack> tracks, DemoOptions options)
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    public async Task WriteAsync(string path, bool s3Urls, CancellationToken cancellationToken)
    {
        var catalog = new JsonObject();
        foreach (var cell in dataset.Cells)
        {
            catalog[DemoDatasetBuilder.Key(cell.ParentMorton)] = new JsonArray(cell.Granules
                .Select(g => (JsonNode)JsonValue.Create(s3Urls ? $"{options.S3Base.TrimEnd('/')}/{g}" : g)).ToArray());
        }

        var root = new JsonObject { ["metadata"] = Metadata(), ["catalog"] = catalog };
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new Utf8JsonWriter(stream, WriterOptions);
            await using (writer.ConfigureAwait(false))
            {
                root.WriteTo(writer);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private JsonObject Metadata()
    {
        var first = tracks.Min(t => t.StartTime);
        var last = tracks.Max(t => t.StartTime);
        var cellSegments = new JsonObject();
        var cellQuality0 = new JsonObject();
        foreach (var cell in dataset.Cells)
        {
            cellSegments[DemoDatasetBuilder.Key(cell.ParentMorton)] = cell.Rows;
            cellQuality0[DemoDatasetBuilder.Key(cell.ParentMorton)] = cell.ExpectedObservations;
        }

        var metadata = new JsonObject
        {
            ["short_name"] = "ATL06",
            ["version"] = "006",
            ["provider"] = "SYNTHETIC",
            ["start_date"] = Date(first),
            ["end_date"] = Date(last.AddDays(1)),
            ["parent_order"] = options.ParentOrder,
            ["total_granules"] = dataset.Granules.Count,
            ["total_cells"] = dataset.Cells.Count,
            ["created"] = string.Create(CultureInfo.InvariantCulture, $"synthetic demo data set (seed {options.Seed})"),
            ["cycle"] = options.Cycle,
            ["s3_base"] = options.S3Base,
            ["https_base"] = options.HttpsBase,
            ["synthetic"] = new JsonObject
            {
                ["generator"] = "Magg.Orleans.Synthetic",
                ["options"] = new JsonObject
                {
                    ["seed"] = options.Seed,
                    ["parent_cells"] = options.ParentCells,
                    ["center_lat"] = options.CenterLatitude,
                    ["center_lon"] = options.CenterLongitude,
                    ["granules"] = tracks.Count,
                    ["target_observations"] = options.TargetObservations,
                    ["margin_km"] = options.MarginKm,
                    ["chunk"] = options.Granule.ChunkSize,
                    ["compress"] = options.Granule.Compress,
                    ["deflate_level"] = options.Granule.DeflateLevel.ToString(),
                },
                ["total_segments"] = dataset.Observations,
                ["expected_total_obs"] = dataset.ExpectedObservations,
                ["cell_segments"] = cellSegments,
                ["cell_quality0_segments"] = cellQuality0,
            },
        };
        // Recorded only when set, so catalogs of the other options stay as they were.
        var recorded = metadata["synthetic"]!["options"]!;
        if (options.SegmentsPerBeam is { } segments)
        {
            recorded["segments_per_beam"] = segments;
        }

        if (options.CatalogEveryCrossedCell)
        {
            recorded["catalog_every_crossed_cell"] = true;
        }

        return metadata;
    }

    private static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
