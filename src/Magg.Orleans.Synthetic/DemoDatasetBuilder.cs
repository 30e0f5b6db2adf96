using System.Globalization;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Synthetic;

/// <summary>
/// Writes a self-contained demo data set: <c>granules/*.h5</c> (synthetic ATL06), <c>catalog.json</c> (magg format,
/// relative granule paths) and <c>catalog_s3.json</c> (the same cells as <c>s3://</c> URLs), and returns the ground
/// truth of every cell. The same options give byte-identical files.
/// </summary>
public static class DemoDatasetBuilder
{
    /// <summary>Folder of the granules inside the data set folder.</summary>
    public const string GranulesFolder = "granules";

    /// <summary>File name of the catalog with relative granule paths.</summary>
    public const string CatalogFileName = "catalog.json";

    /// <summary>File name of the catalog with <c>s3://</c> granule URLs.</summary>
    public const string S3CatalogFileName = "catalog_s3.json";

    private const double KmPerDegree = 111.195;
    private const int ReferenceGroundTracks = 1387;

    /// <summary>Generates the data set into <paramref name="folder"/> (created if needed; files of the same name are overwritten).</summary>
    public static async Task<DemoDataset> CreateAsync(string folder, DemoOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(Path.Combine(folder, GranulesFolder));

        var region = DemoRegion.Around(options.CenterLatitude, options.CenterLongitude, options.ParentOrder, options.ParentCells);
        var tracks = PlanTracks(region, options);
        var written = new WrittenGranule[tracks.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, tracks.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken },
            (index, _) =>
            {
                written[index] = WriteGranule(folder, tracks[index], index, options);
                return ValueTask.CompletedTask;
            }).ConfigureAwait(false);

        var granules = written.ToList();
        AddTracksThroughMissedCells(folder, region, options, tracks, granules, cancellationToken);
        var duplicate = granules.GroupBy(w => w.RelativePath, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two tracks produced the same granule name {duplicate.Key}.");
        }

        var cells = new List<DemoCell>();
        var catalogCells = options.CatalogEveryCrossedCell
            ? granules.SelectMany(w => w.Counts.Keys).Distinct().Select(Morton.ToNested).Order().ToArray()
            : region.Cells;
        foreach (var nested in catalogCells)
        {
            var morton = Morton.FromNested(nested, options.ParentOrder);
            var touching = granules.Where(w => w.Counts.TryGetValue(morton, out var count) && count.Rows > 0).ToArray();
            if (touching.Length > 0)
            {
                cells.Add(new DemoCell(morton, cells.Count, touching.Select(w => w.RelativePath).ToArray(),
                    touching.Sum(w => w.Counts[morton].Rows), touching.Sum(w => w.Counts[morton].ValidRows)));
            }
        }

        var dataset = new DemoDataset(folder, Path.Combine(folder, CatalogFileName), Path.Combine(folder, S3CatalogFileName), cells,
            granules.Select(w => w.RelativePath).ToArray(), granules.Sum(w => w.Rows), granules.Sum(w => w.Bytes))
        {
            Tracks = [.. tracks],
        };
        var catalog = new DemoCatalog(dataset, tracks, options);
        await catalog.WriteAsync(dataset.CatalogPath, s3Urls: false, cancellationToken).ConfigureAwait(false);
        await catalog.WriteAsync(dataset.S3CatalogPath, s3Urls: true, cancellationToken).ConfigureAwait(false);
        return dataset;
    }

    // Tracks cross the region at evenly spaced, jittered longitudes; each runs over the cells its meridian crosses plus a
    // margin, so most of its segments fall in catalog cells.
    private static List<SyntheticTrack> PlanTracks(DemoRegion region, DemoOptions options)
    {
        var random = new Random(options.Seed);
        var width = region.MaxLongitudeOffset - region.MinLongitudeOffset;
        var count = options.Granules ?? GranulesFor(options.TargetObservations, region, options);
        var firstRgt = random.Next(ReferenceGroundTracks);
        var start = new DateTimeOffset(options.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var tracks = new List<SyntheticTrack>(count);
        for (var k = 0; k < count; k++)
        {
            var offset = region.MinLongitudeOffset + (k + 0.5 + 0.4 * (random.NextDouble() - 0.5)) * width / count;
            var (minLatitude, maxLatitude) = region.LatitudesAt(offset);
            var crossingLatitude = (minLatitude + maxLatitude) / 2;
            var direction = k % 2 == 0 ? TrackDirection.Descending : TrackDirection.Ascending;
            var time = start + TimeSpan.FromDays(91.0 * k / count) + TimeSpan.FromSeconds(Math.Floor(random.NextDouble() * 86_400));
            var rgt = 1 + (firstRgt + 97 * k) % ReferenceGroundTracks;
            tracks.Add(new SyntheticTrack(crossingLatitude, DemoRegion.Wrap(options.CenterLongitude + offset), direction,
                LengthKm(minLatitude, maxLatitude, options), rgt, options.Cycle, time));
        }

        return tracks;
    }

    // Jittered spacing can leave a cell between two tracks: send one more track through the centre of each such cell.
    private static void AddTracksThroughMissedCells(string folder, DemoRegion region, DemoOptions options, List<SyntheticTrack> tracks,
        List<WrittenGranule> granules, CancellationToken cancellationToken)
    {
        var start = new DateTimeOffset(options.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(91);
        foreach (var nested in region.Cells)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var morton = Morton.FromNested(nested, options.ParentOrder);
            if (granules.Any(g => g.Counts.TryGetValue(morton, out var count) && count.Rows > 0))
            {
                continue;
            }

            var (latitude, longitude) = Healpix.NestedToLatLon(nested, options.ParentOrder);
            var (minLatitude, maxLatitude) = region.LatitudesAt(DemoRegion.Wrap(longitude - options.CenterLongitude));
            var index = tracks.Count;
            var track = new SyntheticTrack(latitude, DemoRegion.Wrap(longitude), index % 2 == 0 ? TrackDirection.Descending : TrackDirection.Ascending,
                LengthKm(minLatitude, maxLatitude, options), 1 + (97 * index) % ReferenceGroundTracks, options.Cycle,
                start.AddHours(9.5 * (index + 1)));
            tracks.Add(track);
            granules.Add(WriteGranule(folder, track, index, options));
        }
    }

    private static int GranulesFor(long targetObservations, DemoRegion region, DemoOptions options)
    {
        const int Samples = 64;
        var width = region.MaxLongitudeOffset - region.MinLongitudeOffset;
        var meanLengthKm = Enumerable.Range(0, Samples)
            .Select(i => region.LatitudesAt(region.MinLongitudeOffset + (i + 0.5) * width / Samples))
            .Average(range => LengthKm(range.Min, range.Max, options));
        var rowsPerGranule = Atl06Layout.Groups.Count * meanLengthKm * 1000.0 / Atl06Layout.SegmentLengthMeters;
        return (int)Math.Max(1, Math.Round(targetObservations / rowsPerGranule));
    }

    // Along-track length that spans a latitude range plus a margin at each end (tracks run nearly north-south), or the
    // fixed length of SegmentsPerBeam.
    private static double LengthKm(double minLatitude, double maxLatitude, DemoOptions options)
    {
        if (options.SegmentsPerBeam is { } segments)
        {
            return segments * Atl06Layout.SegmentLengthMeters / 1000.0;
        }

        var marginKm = options.MarginKm;
        var cosInclination = Math.Cos(SyntheticTrack.InclinationDegrees * Math.PI / 180.0);
        var middle = (minLatitude + maxLatitude) / 2 * Math.PI / 180.0;
        var northward = Math.Sqrt(Math.Max(0.05, 1.0 - Math.Pow(cosInclination / Math.Cos(middle), 2)));
        return ((maxLatitude - minLatitude) * KmPerDegree + 2 * marginKm) / northward;
    }

    private static WrittenGranule WriteGranule(string folder, SyntheticTrack track, int index, DemoOptions options)
    {
        var granuleOptions = options.Granule with { Seed = unchecked(options.Seed * 1_000_003 + index) };
        var relativePath = $"{GranulesFolder}/{track.GranuleName}";
        var path = Path.Combine(folder, GranulesFolder, track.GranuleName);
        var granule = SyntheticGranuleWriter.Write(path, track, granuleOptions);
        return new WrittenGranule(relativePath, granule.Rows, new FileInfo(path).Length, granule.CountByParent(options.ParentOrder));
    }

    private sealed record WrittenGranule(string RelativePath, long Rows, long Bytes, IReadOnlyDictionary<long, SyntheticCellCount> Counts);

    internal static string Key(long morton) => morton.ToString(CultureInfo.InvariantCulture);
}
