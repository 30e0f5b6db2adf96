using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Catalog.Cmr;
using Magg.Orleans.Catalog.Geometry;
using Magg.Orleans.Core.Spatial;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Catalog;

/// <summary>
/// Builds a magg catalog from NASA CMR: covers the area of interest with parent cells, fetches every granule of the
/// time window (UMM-JSON, paged), intersects each footprint with the cells on the sphere, and lists, per cell in the
/// area touched by a footprint, every granule whose footprint touches the cell (in CMR's order, each once).
/// </summary>
/// <param name="cmrOptions">Retries and the Earthdata token for CMR.</param>
/// <param name="http">HTTP client for CMR (default: one that follows no redirects).</param>
/// <param name="time">Clock for the <c>created</c> stamp and the timings.</param>
/// <param name="logger">Retry warnings.</param>
public sealed class CatalogBuilder(CmrClientOptions? cmrOptions = null, HttpClient? http = null, TimeProvider? time = null, ILogger<CmrClient>? logger = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Builds the catalog of <paramref name="query"/>.</summary>
    /// <exception cref="CatalogInputException">The query is invalid.</exception>
    /// <exception cref="CatalogSearchException">CMR failed or found nothing.</exception>
    public async Task<BuiltCatalog> BuildAsync(CatalogQuery query, IProgress<CatalogProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        var shapes = new CellShapes(query.ParentOrder);

        var started = _time.GetTimestamp();
        var area = RegionCover.Cover(query.Area.Region, shapes).ToHashSet();
        var coverTime = _time.GetElapsedTime(started);
        progress?.Report(new CatalogProgress(CatalogPhase.Covering, 0, 0, 0, 0, area.Count, 0));

        started = _time.GetTimestamp();
        var search = new CmrGranuleSearch(query.ShortName, query.Version, query.Provider, query.StartDate, query.EndDate, query.Area.Box, query.PageSize);
        var granules = new List<CmrGranule>();
        var mapped = new List<Mapping[]>();
        var intersecting = new List<Task>();
        var (pages, hits, done) = (0, 0, 0);
        var searchTime = TimeSpan.Zero;
        try
        {
            using (var client = new CmrClient(new Uri(query.CmrUrl), cmrOptions, http, logger))
            {
                await foreach (var page in client.SearchAsync(search, cancellationToken).ConfigureAwait(false))
                {
                    granules.AddRange(page.Granules);
                    (pages, hits) = (page.Number, page.Hits);
                    progress?.Report(new CatalogProgress(CatalogPhase.Searching, pages, granules.Count, hits, Volatile.Read(ref done), area.Count, 0));

                    // Footprints of this page are intersected while the next page downloads.
                    var results = new Mapping[page.Granules.Count];
                    mapped.Add(results);
                    intersecting.Add(Task.Run(() => Parallel.For(0, results.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                    {
                        results[i] = Map(page.Granules[i], area, shapes);
                        Interlocked.Increment(ref done);
                    }), cancellationToken));
                }

                if (granules.Count == 0)
                {
                    throw new CatalogSearchException(string.Create(CultureInfo.InvariantCulture,
                        $"CMR ({client.Endpoint}) found no granules for short_name {query.ShortName}, version {query.Version}, provider {query.Provider}, {search.Temporal}, bounding_box {query.Area.Box.ToCmr()}; check the short name, version and provider. No catalog written."));
                }
            }

            searchTime = _time.GetElapsedTime(started);
            started = _time.GetTimestamp();
            progress?.Report(new CatalogProgress(CatalogPhase.Intersecting, pages, granules.Count, hits, Volatile.Read(ref done), area.Count, 0));
        }
        finally
        {
            // Never leave page work running behind a failed search.
            await Task.WhenAll(intersecting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(intersecting).ConfigureAwait(false);
        var intersectTime = _time.GetElapsedTime(started);
        progress?.Report(new CatalogProgress(CatalogPhase.Intersecting, pages, granules.Count, hits, granules.Count, area.Count, 0));

        var catalog = Assemble(query, granules, [.. mapped.SelectMany(m => m)], area.Count, (pages, hits, coverTime, searchTime, intersectTime));
        progress?.Report(new CatalogProgress(CatalogPhase.Done, pages, granules.Count, hits, granules.Count, area.Count, catalog.Cells.Count));
        return catalog;
    }

    private static Mapping Map(CmrGranule granule, HashSet<long> area, CellShapes shapes)
    {
        if (granule.S3Url is null)
        {
            return new Mapping(SkipReason.NoS3Url, [], []);
        }

        var polygons = new List<SphericalPolygon>();
        foreach (var footprint in granule.Footprints)
        {
            var points = footprint.Where(p => double.IsFinite(p.Latitude) && double.IsFinite(p.Longitude) && p.Latitude is >= -90 and <= 90)
                .Select(p => Vec3.FromLatLon(p.Latitude, p.Longitude));
            if (SphericalRing.Create(points) is { } ring)
            {
                polygons.Add(new SphericalPolygon(ring, []));
            }
        }

        if (polygons.Count == 0)
        {
            return new Mapping(SkipReason.NoFootprint, [], []);
        }

        var cells = RegionCover.Cover(new SphericalPolygonSet(polygons), shapes).Where(area.Contains).ToArray();
        var rings = polygons.Select(p => (IReadOnlyList<(double, double)>)[.. p.Shell.Vertices.Select(v => (v.Latitude, v.Longitude)), (p.Shell.Vertices[0].Latitude, p.Shell.Vertices[0].Longitude)]).ToArray();
        return new Mapping(cells.Length == 0 ? SkipReason.OutsideArea : null, cells, rings);
    }

    private BuiltCatalog Assemble(CatalogQuery query, List<CmrGranule> granules, Mapping[] mapped, int areaCells,
        (int Pages, int Hits, TimeSpan Cover, TimeSpan Search, TimeSpan Intersect) run)
    {
        var order = query.ParentOrder;
        var skipped = Enum.GetValues<SkipReason>().ToDictionary(r => r, _ => 0);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lists = new Dictionary<long, List<string>>();
        var used = new List<CatalogGranule>();
        for (var i = 0; i < granules.Count; i++)
        {
            var (granule, mapping) = (granules[i], mapped[i]);
            var reason = mapping.Skip ?? (seen.Add(granule.S3Url!) ? null : SkipReason.Duplicate);
            if (reason is { } skip)
            {
                skipped[skip]++;
                continue;
            }

            var mortons = mapping.Cells.Select(c => Morton.FromNested(c, order)).Order().ToArray();
            foreach (var morton in mortons)
            {
                if (!lists.TryGetValue(morton, out var list))
                {
                    lists[morton] = list = [];
                }

                list.Add(granule.S3Url!);
            }

            used.Add(new CatalogGranule(granule.Id, granule.S3Url!, granule.HttpsUrl, granule.Start, granule.End, mapping.Footprint, mortons));
        }

        var cells = lists.OrderBy(c => c.Key).Select(c => KeyValuePair.Create(c.Key, (IReadOnlyList<string>)c.Value)).ToArray();
        var counts = cells.Select(c => c.Value.Count).DefaultIfEmpty(0).ToArray();
        var summary = new CatalogSummary
        {
            GranulesFound = granules.Count,
            Hits = run.Hits,
            GranulesUsed = used.Count,
            Skipped = skipped,
            AreaCells = areaCells,
            Cells = cells.Length,
            GranulesPerCellMin = counts.Min(),
            GranulesPerCellMax = counts.Max(),
            GranulesPerCellAvg = counts.Average(),
            Pages = run.Pages,
            CoverTime = run.Cover,
            SearchTime = run.Search,
            IntersectTime = run.Intersect,
        };
        return new BuiltCatalog(query, Metadata(query, granules, used.Count, cells.Length), cells, used, summary);
    }

    private JsonObject Metadata(CatalogQuery query, List<CmrGranule> granules, int used, int cells)
    {
        var metadata = new JsonObject
        {
            ["short_name"] = query.ShortName,
            ["version"] = query.Version,
            ["provider"] = query.Provider,
            ["start_date"] = query.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["end_date"] = query.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["parent_order"] = query.ParentOrder,
            ["total_granules"] = granules.Count,
            ["total_cells"] = cells,
            ["created"] = _time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
        };
        if (query.Cycle is { } cycle)
        {
            metadata["cycle"] = cycle;
        }

        metadata["bbox"] = new JsonArray([.. query.Area.Box.ToArray().Select(v => (JsonNode?)JsonValue.Create(v))]);
        if (query.Area.PolygonPath is { } polygon)
        {
            metadata["polygon"] = polygon;
        }

        metadata["area"] = query.Area.Description;
        metadata["granules_used"] = used;
        if (AccessBases.Derive(granules) is var (s3Base, httpsBase))
        {
            metadata["s3_base"] = s3Base;
            metadata["https_base"] = httpsBase;
        }

        return metadata;
    }

    private sealed record Mapping(SkipReason? Skip, long[] Cells, IReadOnlyList<IReadOnlyList<(double Latitude, double Longitude)>> Footprint);
}
