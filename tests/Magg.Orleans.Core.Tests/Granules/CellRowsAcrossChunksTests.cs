using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>
/// Hand-made beams whose cell rows sit exactly where chunk-by-chunk reading could go wrong: starting or ending on a
/// chunk boundary, in two separate runs of one beam, in a beam that turns back, and in a chunk two cells read at once.
/// Every result must equal the whole-column reading (<see cref="FullScanOracle"/>).
/// </summary>
public sealed class CellRowsAcrossChunksTests : IDisposable
{
    private const int Chunk = 100;
    private readonly TemporaryFolder _folder = new();
    private readonly CompiledPipeline _pipeline = new(BuiltInConfigs.Get("atl06"));

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ProcessAsync_CellRowsStartingOrEndingExactlyOnAChunkBoundary_ReadsEveryRow(bool atStart)
    {
        // Arrange: a south-to-north line through the cell, trimmed so its first (or one past its last) row in the cell is a chunk start.
        var line = NorthboundLine(TestCell.ParentNested, rows: 2_000);
        var (first, last) = RowsIn(line, TestCell.ParentNested);
        var drop = atStart ? first % Chunk : (last + 1) % Chunk;
        line = line[drop..];
        (first, last) = RowsIn(line, TestCell.ParentNested);
        Assert.Equal(0, (atStart ? first : last + 1) % Chunk);
        Assert.True(line.Length / Chunk > 3, "the beam must have enough chunks to be bisected");
        var path = Write("boundary.h5", line);

        // Act
        var processor = Processor();
        var result = await processor.ProcessAsync(TestCell.ParentMorton, [new Uri(path)], _pipeline, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(last - first + 1, result.Outcome.TotalObservations);
        AssertSameAsWholeColumns(TestCell.ParentMorton, path, result);
        Assert.Equal((1L, 0L), (processor.Cache.Statistics.Snapshot().BisectedBeams, processor.Cache.Statistics.Snapshot().ScannedBeams));
    }

    [Fact]
    public async Task ProcessAsync_CellRowsInTwoSeparateRunsOfOneBeam_ReadsBothRuns()
    {
        // Arrange: latitude rises steadily while the beam steps into the neighbouring cell and back: A, B, A.
        var (a, b, points) = ZigZag(runLength: 150);
        var path = Write("two-runs.h5", points);

        // Act
        var processor = Processor();
        var inA = await processor.ProcessAsync(Morton.FromNested(a, 6), [new Uri(path)], _pipeline, TestContext.Current.CancellationToken);
        var inB = await processor.ProcessAsync(Morton.FromNested(b, 6), [new Uri(path)], _pipeline, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal((300L, 150L), (inA.Outcome.TotalObservations, inB.Outcome.TotalObservations));
        AssertSameAsWholeColumns(Morton.FromNested(a, 6), path, inA);
        AssertSameAsWholeColumns(Morton.FromNested(b, 6), path, inB);
    }

    [Fact]
    public async Task ProcessAsync_BeamWhoseLatitudeTurnsBack_ScansAndReadsTheCellOnBothLegs()
    {
        // Arrange: north through the cell and well beyond it, then back south through it again (one turning point).
        var north = NorthboundLine(TestCell.ParentNested, rows: 1_200);
        var line = north.Concat(north.Reverse().Skip(1)).ToArray();
        var (first, last) = RowsIn(north, TestCell.ParentNested);
        var path = Write("turning.h5", line);

        // Act
        var processor = Processor();
        var result = await processor.ProcessAsync(TestCell.ParentMorton, [new Uri(path)], _pipeline, TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(2L * (last - first + 1), result.Outcome.TotalObservations);
        AssertSameAsWholeColumns(TestCell.ParentMorton, path, result);
        Assert.Equal((0L, 1L), (processor.Cache.Statistics.Snapshot().BisectedBeams, processor.Cache.Statistics.Snapshot().ScannedBeams));
    }

    [Fact]
    public async Task ProcessAsync_TwoCellsSharingAChunkAtTheSameTime_EachEqualsItsWholeColumnReading()
    {
        // Arrange: a line from the cell into its northern neighbour; the chunk across the border holds rows of both.
        var line = NorthboundLine(TestCell.ParentNested, rows: 2_000);
        var (_, last) = RowsIn(line, TestCell.ParentNested);
        line = line[((last + 1) % Chunk == 0 ? 1 : 0)..];
        (_, last) = RowsIn(line, TestCell.ParentNested);
        var neighbour = Healpix.LatLonToNested(line[last + 1].Latitude, line[last + 1].Longitude, 6);
        Assert.Equal(last / Chunk, (last + 1) / Chunk);
        var path = Write("shared.h5", line);
        long[] cells = [TestCell.ParentMorton, Morton.FromNested(neighbour, 6)];
        var expected = cells.Select(c => FullScanOracle.Process(c, [path], _pipeline)).ToArray();

        for (var round = 0; round < 20; round++)
        {
            // Act: both cells start together on a cold cache, so both want the shared chunk at once.
            var processor = Processor();
            using var start = new SemaphoreSlim(0);
            var runs = cells.Select(c => Task.Run(async () =>
            {
                await start.WaitAsync(TestContext.Current.CancellationToken);
                return await processor.ProcessAsync(c, [new Uri(path)], _pipeline, TestContext.Current.CancellationToken);
            })).ToArray();
            start.Release(cells.Length);
            var results = await Task.WhenAll(runs);

            // Assert
            for (var i = 0; i < cells.Length; i++)
            {
                Assert.Equal(expected[i].Observations, results[i].Outcome.TotalObservations);
                Assert.Equal(Bytes(expected[i].Table), Bytes(results[i].Table));
            }
        }
    }

    private static CellProcessor Processor() => new(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);

    private void AssertSameAsWholeColumns(long parentMorton, string path, CellResult result)
    {
        var (observations, table) = FullScanOracle.Process(parentMorton, [path], _pipeline);
        Assert.Equal(observations, result.Outcome.TotalObservations);
        Assert.Equal(Bytes(table), Bytes(result.Table));
    }

    private string Write(string name, (double Latitude, double Longitude)[] points)
    {
        var heights = Enumerable.Range(0, points.Length).Select(i => 1000f + i).ToArray();
        var sigmas = Enumerable.Range(0, points.Length).Select(i => 0.25f + (i % 7)).ToArray();
        return TestGranule.Write(_folder.File(name), new Dictionary<string, TestBeam> { ["gt2l"] = TestBeam.Of(points, heights, sigmas) }, Chunk);
    }

    // A meridian line at the cell's centre longitude, from a degree south of the cell's centre to a degree north.
    private static (double Latitude, double Longitude)[] NorthboundLine(long cell, int rows)
    {
        var (latitude, longitude) = Healpix.NestedToLatLon(cell, 6);
        longitude = longitude >= 180 ? longitude - 360 : longitude;
        return Enumerable.Range(0, rows).Select(i => (latitude - 1.0 + (2.0 * i / rows), longitude)).ToArray();
    }

    private static (int First, int Last) RowsIn((double Latitude, double Longitude)[] points, long cell)
    {
        var inside = points.Select(p => Healpix.LatLonToNested(p.Latitude, p.Longitude, 6) == cell).ToArray();
        return (Array.IndexOf(inside, true), Array.LastIndexOf(inside, true));
    }

    // Three runs of rows, latitude rising throughout: in the test cell, in its eastern neighbour, in the test cell again.
    private static (long A, long B, (double Latitude, double Longitude)[] Points) ZigZag(int runLength)
    {
        var (latitude, longitude) = Healpix.NestedToLatLon(TestCell.ParentNested, 6);
        var step = 0.0;
        long neighbour;
        do
        {
            step += 0.05;
            neighbour = Healpix.LatLonToNested(latitude, longitude + step, 6);
        }
        while (neighbour == TestCell.ParentNested);

        var eastern = longitude + step + 0.2;
        var points = Enumerable.Range(0, 3 * runLength)
            .Select(i => (latitude - 0.05 + (0.1 * i / (3 * runLength)), Wrap(i / runLength == 1 ? eastern : longitude)))
            .ToArray();
        Assert.All(points, (p, i) => Assert.Equal(i / runLength == 1 ? neighbour : TestCell.ParentNested, Healpix.LatLonToNested(p.Item1, p.Item2, 6)));
        return (TestCell.ParentNested, neighbour, points);
    }

    private static double Wrap(double longitude) => longitude >= 180 ? longitude - 360 : longitude;

    private static byte[][] Bytes(ChildTable? table) => table?.Columns.Select(c => c.Bytes.ToArray()).ToArray() ?? [];
}
