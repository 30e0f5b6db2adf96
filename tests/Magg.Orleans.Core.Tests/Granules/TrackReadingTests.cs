using System.IO.Compression;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Synthetic;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>
/// Synthetic ICESat-2 tracks (orbit geometry, six beams, many small chunks) read cell by cell three ways: chunk bisection
/// with the shared cache, every latitude chunk scanned with a cache too small to keep anything, and whole columns
/// (<see cref="FullScanOracle"/>). Every cell the track crosses must give the same observations and the same bytes.
/// </summary>
public sealed class TrackReadingTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, double, double, TrackDirection, double, int> Tracks() => new()
    {
        { "East Antarctica, southbound", -75.1, 123.35, TrackDirection.Descending, 420, 1000 },
        { "Greenland, northbound", 72.6, -38.5, TrackDirection.Ascending, 300, 777 },
        { "across the antimeridian", -80.5, 179.97, TrackDirection.Ascending, 360, 1200 },
        { "across the antimeridian, north", 70.0, -179.99, TrackDirection.Descending, 250, 640 },
    };

    public static TheoryData<string, double, double, TrackDirection, double, int> TurningTracks() => new()
    {
        { "through the southern turning latitude", -87.9, 40.0, TrackDirection.Ascending, 500, 900 },
        { "through the northern turning latitude", 87.95, -100.0, TrackDirection.Descending, 420, 1100 },
    };

    [Theory]
    [MemberData(nameof(Tracks))]
    public async Task ProcessAsync_MonotonicTrack_BisectsAndEveryCellEqualsScanAndWholeColumns(string name, double latitude, double longitude,
        TrackDirection direction, double lengthKm, int chunk)
    {
        var (bisecting, granule) = await CompareEveryCellAsync(name, latitude, longitude, direction, lengthKm, chunk);

        if (Math.Abs(longitude) > 179.9)
        {
            var longitudes = granule.Beams.SelectMany(b => b.Longitude).Where(l => l <= 180).ToArray();
            Assert.True(longitudes.Min() < -179.5 && longitudes.Max() > 179.5, $"{name}: the beams do not cross the antimeridian");
        }

        var statistics = bisecting.Cache.Statistics.Snapshot();
        Assert.True(statistics.BisectedBeams > 0, $"{name}: no beam was bisected");
        Assert.Equal(0, statistics.ScannedBeams);
    }

    [Theory]
    [MemberData(nameof(TurningTracks))]
    public async Task ProcessAsync_TrackThroughTheTurningLatitude_FallsBackToScanningAndEveryCellEqualsWholeColumns(string name, double latitude,
        double longitude, TrackDirection direction, double lengthKm, int chunk)
    {
        var (bisecting, granule) = await CompareEveryCellAsync(name, latitude, longitude, direction, lengthKm, chunk);

        Assert.All(granule.Beams, beam =>
        {
            var valid = beam.Latitude.Where(l => l <= 90).ToArray();
            var (low, high) = (Math.Min(valid[0], valid[^1]), Math.Max(valid[0], valid[^1]));
            Assert.True(valid.Min() < low - 0.01 || valid.Max() > high + 0.01, $"{beam.Group} does not turn: {low} .. {high}");
        });
        Assert.True(bisecting.Cache.Statistics.Snapshot().ScannedBeams > 0, $"{name}: no beam fell back to a scan");
    }

    private async Task<(CellProcessor Bisecting, SyntheticGranule Granule)> CompareEveryCellAsync(string name, double latitude, double longitude,
        TrackDirection direction, double lengthKm, int chunk)
    {
        // Arrange
        var track = new SyntheticTrack(latitude, longitude, direction, lengthKm, 1234, 22, new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var path = _folder.File($"{Guid.NewGuid():N}.h5");
        var granule = SyntheticGranuleWriter.Write(path, track,
            new SyntheticOptions { ChunkSize = chunk, DeflateLevel = CompressionLevel.Fastest, Seed = chunk });
        var cells = granule.CountByParent(6).OrderByDescending(c => c.Value.Rows).Select(c => c.Key).ToArray();
        var pipeline = new CompiledPipeline(BuiltInConfigs.Get("atl06"));
        var bisecting = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
        var scanning = new CellProcessor(new LocalGranuleSource(LocalReadMode.MemoryMapped), TimeProvider.System, NullLogger<CellProcessor>.Instance,
            new GranuleReadCache(new GranuleReadOptions { ScanEveryChunk = true, CacheBytes = 64 * 1024, OpenGranules = 0 }));
        var address = new Uri(path);
        Assert.True(cells.Length >= 3, $"{name}: the track crosses only {cells.Length} cells");

        foreach (var cell in cells)
        {
            // Act
            var bisected = await bisecting.ProcessAsync(cell, [address], pipeline, TestContext.Current.CancellationToken);
            var scanned = await scanning.ProcessAsync(cell, [address], pipeline, TestContext.Current.CancellationToken);
            var (observations, table) = FullScanOracle.Process(cell, [path], pipeline);

            // Assert
            Assert.Equal(observations, bisected.Outcome.TotalObservations);
            Assert.Equal(observations, scanned.Outcome.TotalObservations);
            Assert.Equal(Bytes(table), Bytes(bisected.Table));
            Assert.Equal(Bytes(table), Bytes(scanned.Table));
        }

        Assert.True(granule.CountByParent(6).Values.Sum(c => c.ValidRows) > 0);
        return (bisecting, granule);
    }

    private static byte[][] Bytes(ChildTable? table) => table?.Columns.Select(c => c.Bytes.ToArray()).ToArray() ?? [];
}
