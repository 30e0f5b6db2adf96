using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>
/// SPEC §4 "where the existing tool is wrong": hand-made granules through <see cref="CellProcessor"/> with the
/// built-in atl06 config, compared with statistics computed by hand.
/// </summary>
public sealed class CellReadingEdgeCaseTests : IDisposable
{
    private const int ChildA = 5;
    private const int ChildB = 2100;

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(100, 100, 100)]
    [InlineData(100, 150, 100)]
    [InlineData(200, 100, 100)]
    [InlineData(99, 102, 100)]
    [InlineData(101, 99, 100)]
    [InlineData(0, 100, 100)]
    [InlineData(10_000, 2_500, 10_000)]
    public async Task ProcessAsync_KeptRowsStartingOnOrNextToAChunkBoundary_ReadsEveryRow(int first, int count, int chunk)
    {
        // Arrange: rows [first, first + count) lie in the cell (alternating between two children), the others far away.
        var rows = first + count + chunk + 7;
        var points = Enumerable.Range(0, rows)
            .Select(i => i >= first && i < first + count ? TestCell.InChild(i % 2 == 0 ? ChildA : ChildB) : TestCell.Outside).ToArray();
        var height = Enumerable.Range(0, rows).Select(i => 1000f + i).ToArray();
        var sigma = Enumerable.Repeat(0.5f, rows).ToArray();
        var path = TestGranule.Write(_folder.File("boundary.h5"), Beams(("gt1l", TestBeam.Of(points, height, sigma))), chunk);

        // Act
        var result = await TestCell.ProcessAsync(path);

        // Assert
        var inA = Enumerable.Range(first, count).Where(i => i % 2 == 0).Select(i => 1000.0 + i).ToArray();
        var inB = Enumerable.Range(first, count).Where(i => i % 2 == 1).Select(i => 1000.0 + i).ToArray();
        Assert.Null(result.Outcome.Error);
        Assert.Equal(count, result.Outcome.TotalObservations);
        var table = result.Table!;
        Assert.Equal((inA.Length, inA.Min(), inA.Max()), ((int)table["count"][ChildA], table["h_min"][ChildA], table["h_max"][ChildA]));
        Assert.Equal((inB.Length, inB.Min(), inB.Max()), ((int)table["count"][ChildB], table["h_min"][ChildB], table["h_max"][ChildB]));
        Assert.Equal((float)inA.Average(), (float)table["h_mean"][ChildA]);
    }

    [Fact]
    public async Task ProcessAsync_NaNAndFillValuesInValuesAndCoordinates_AreDroppedBeforeAggregation()
    {
        // Arrange: three good rows (100 ± 1, 110 ± 2, 130 ± 4) and one poisoned row for each column and kind of poison.
        var a = TestCell.InChild(ChildA);
        var good = new[] { (a, 100f, 1f), (a, 110f, 2f), (a, 130f, 4f) };
        var poisoned = new[]
        {
            (a, float.NaN, 1f), (a, TestGranule.Float32Fill, 1f), (a, 50f, float.NaN), (a, 50f, TestGranule.Float32Fill),
            ((a.Latitude, TestGranule.Float64Fill), 50f, 1f), ((TestGranule.Float64Fill, a.Longitude), 50f, 1f),
            ((a.Latitude, double.NaN), 50f, 1f), ((double.NaN, a.Longitude), 50f, 1f),
            (a, float.PositiveInfinity, 1f), (a, 50f, float.PositiveInfinity),
        };
        var rows = good.Take(1).Concat(poisoned).Concat(good.Skip(1)).ToArray();
        var beam = TestBeam.Of(rows.Select(r => r.Item1), rows.Select(r => r.Item2).ToArray(), rows.Select(r => r.Item3).ToArray());
        var path = TestGranule.Write(_folder.File("poisoned.h5"), Beams(("gt2l", beam)), chunk: 4);

        // Act
        var result = await TestCell.ProcessAsync(path);

        // Assert: numpy over [100, 110, 130] with sigmas [1, 2, 4].
        Assert.Null(result.Outcome.Error);
        Assert.Equal((3L, 1), (result.Outcome.TotalObservations, result.Outcome.CellsWithData));
        var table = result.Table!;
        Assert.Equal(3, (int)table["count"][ChildA]);
        Assert.Equal(100.0, table["h_min"][ChildA]);
        Assert.Equal(130.0, table["h_max"][ChildA]);
        Assert.Equal((float)(135.625 / 1.3125), (float)table["h_mean"][ChildA]);
        Assert.Equal((float)(1 / Math.Sqrt(1.3125)), (float)table["h_sigma"][ChildA]);
        Assert.Equal((float)(1400.0 / 9.0), (float)table["h_variance"][ChildA]);
        Assert.Equal((105f, 110f, 120f), ((float)table["h_q25"][ChildA], (float)table["h_q50"][ChildA], (float)table["h_q75"][ChildA]));
    }

    [Fact]
    public async Task ProcessAsync_ChildWhoseWeightsSumToZero_GivesNaNMeanThereAndCorrectValuesElsewhere()
    {
        // Arrange: h_li_sigma stored as float64 (the reader takes any numeric type); in child A every sigma is 1e200,
        // finite and not the fill value, so 1 / s_li**2 underflows to exactly 0 and the weights sum to zero.
        var points = new[] { TestCell.InChild(ChildA), TestCell.InChild(ChildA), TestCell.InChild(ChildB), TestCell.InChild(ChildB) };
        var beam = new TestBeam(points.Select(p => p.Latitude).ToArray(), points.Select(p => p.Longitude).ToArray(),
            [10f, 20f, 100f, 130f], new[] { 1e200, 1e200, 1.0, 2.0 }, new sbyte[4]);
        var path = TestGranule.Write(_folder.File("zero-weights.h5"), Beams(("gt3r", beam)), chunk: 10);

        // Act
        var result = await TestCell.ProcessAsync(path);

        // Assert
        Assert.Null(result.Outcome.Error);
        Assert.Equal(4, result.Outcome.TotalObservations);
        var table = result.Table!;
        Assert.Equal((2, 10.0, 20.0), ((int)table["count"][ChildA], table["h_min"][ChildA], table["h_max"][ChildA]));
        Assert.True(double.IsNaN(table["h_mean"][ChildA]), $"h_mean of the zero-weight child is {table["h_mean"][ChildA]}");
        Assert.Equal(double.PositiveInfinity, table["h_sigma"][ChildA]);
        Assert.Equal(2, (int)table["count"][ChildB]);
        Assert.Equal((float)((100 + 130 / 4.0) / 1.25), (float)table["h_mean"][ChildB]);
        Assert.Equal((float)(1 / Math.Sqrt(1.25)), (float)table["h_sigma"][ChildB]);
    }

    [Fact]
    public async Task ProcessAsync_SameGranuleListedTwiceOrSpelledTwoWays_IsReadOnce()
    {
        // Arrange
        var path = WriteTwoChildGranule("granules", "twice.h5");
        var catalog = new GranuleCatalog(new CatalogMetadata(6, "ATL06", "006", null, null, []), [], _folder.Path);
        var spellings = new[] { "granules/twice.h5", "./granules/../granules/twice.h5", path, new Uri(path).AbsoluteUri }
            .Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray();

        // Act
        var once = await TestCell.ProcessAsync(path);
        var twice = await TestCell.ProcessAsync(path, path);
        var fourWays = await TestCell.ProcessAsync(spellings);

        // Assert
        Assert.Equal(24, once.Outcome.TotalObservations);
        foreach (var repeated in new[] { twice, fourWays })
        {
            Assert.Equal((24L, 1, 1, 0, 0), (repeated.Outcome.TotalObservations, repeated.Outcome.GranuleCount, repeated.Outcome.FilesProcessed,
                repeated.Outcome.GranulesFailed, repeated.Outcome.GroupsFailed));
            Assert.Equal(Bytes(once.Table!), Bytes(repeated.Table!));
        }
    }

    [Fact]
    public async Task ProcessAsync_MissingGroupAndGroupMissingADataset_AreSkippedAndCountedWhileOtherGroupsCount()
    {
        // Arrange: gt1l and gt2l are complete, gt3l is absent, gt3r lacks h_li_sigma.
        var a = TestCell.InChild(ChildA);
        TestBeam Beam(float height) => TestBeam.Of([a, a], [height, height + 1], [1f, 1f]);
        var path = TestGranule.Write(_folder.File("partial.h5"), Beams(
            ("gt1l", Beam(100)), ("gt2l", Beam(200)), ("gt3r", Beam(300) with { Omit = new HashSet<string> { "h_li_sigma" } })), chunk: 10);

        // Act
        var result = await TestCell.ProcessAsync(path);

        // Assert: the config lists six groups; gt1r and gt2r are absent too.
        var outcome = result.Outcome;
        Assert.Null(outcome.Error);
        Assert.Equal((4L, 1, 1, 0), (outcome.TotalObservations, outcome.GranuleCount, outcome.FilesProcessed, outcome.GranulesFailed));
        Assert.Equal(4, outcome.GroupsFailed);
        Assert.Equal(["gt1r", "gt2r", "gt3l", "gt3r"], outcome.Failures.Select(f => f.Group!).Order(StringComparer.Ordinal));
        Assert.All(outcome.Failures, f => Assert.Equal(GranuleErrorKind.MissingData, f.Kind));
        Assert.Contains("h_li_sigma", outcome.Failures.Single(f => f.Group == "gt3r").Reason, StringComparison.Ordinal);
        Assert.Equal((100.0, 201.0), (result.Table!["h_min"][ChildA], result.Table["h_max"][ChildA]));
    }

    [Fact]
    public async Task ProcessAsync_GroupWhoseColumnsDifferInLength_IsSkippedAsCorrupt()
    {
        // Arrange: gt1r's h_li has one row fewer than its coordinates.
        var a = TestCell.InChild(ChildA);
        var complete = TestBeam.Of([a, a], [100f, 101f], [1f, 1f]);
        var ragged = TestBeam.Of([a, a], [500f], [1f, 1f]);
        var path = TestGranule.Write(_folder.File("ragged.h5"), TestCell.Groups.ToDictionary(g => g, g => g == "gt1r" ? ragged : complete), chunk: 10);

        // Act
        var result = await TestCell.ProcessAsync(path);

        // Assert
        Assert.Equal((10L, 1, 0), (result.Outcome.TotalObservations, result.Outcome.GroupsFailed, result.Outcome.GranulesFailed));
        var failure = Assert.Single(result.Outcome.Failures);
        Assert.Equal(("gt1r", GranuleErrorKind.Corrupt), (failure.Group, failure.Kind));
        Assert.Equal(101.0, result.Table!["h_max"][ChildA]);
    }

    [Fact]
    public async Task ProcessAsync_UnreadableAndMissingGranules_AreSkippedAndCountedAndTheCellCompletes()
    {
        // Arrange
        var good = WriteTwoChildGranule(".", "good.h5");
        var garbage = _folder.File("garbage.h5");
        await File.WriteAllBytesAsync(garbage, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray(), TestContext.Current.CancellationToken);
        var empty = _folder.File("empty.h5");
        await File.WriteAllBytesAsync(empty, [], TestContext.Current.CancellationToken);
        var missing = _folder.File("missing.h5");

        // Act
        var result = await TestCell.ProcessAsync(garbage, good, missing, empty);

        // Assert
        var outcome = result.Outcome;
        Assert.Null(outcome.Error);
        Assert.NotNull(result.Table);
        Assert.Equal((24L, 4, 1, 3, 0), (outcome.TotalObservations, outcome.GranuleCount, outcome.FilesProcessed, outcome.GranulesFailed, outcome.GroupsFailed));
        Assert.Equal(new Dictionary<string, GranuleErrorKind> { [garbage] = GranuleErrorKind.Corrupt, [missing] = GranuleErrorKind.NotFound, [empty] = GranuleErrorKind.Corrupt },
            outcome.Failures.ToDictionary(f => f.Granule, f => f.Kind));
        Assert.All(outcome.Failures, f => Assert.Null(f.Group));
    }

    [Fact]
    public async Task ProcessAsync_EveryGranuleUnreadable_IsACellErrorNotAnEmptyCell()
    {
        var result = await TestCell.ProcessAsync(_folder.File("missing-1.h5"), _folder.File("missing-2.h5"));

        Assert.Null(result.Table);
        Assert.False(result.Outcome.IsEmpty);
        Assert.StartsWith("2 of 2 granules failed", result.Outcome.Error, StringComparison.Ordinal);
        Assert.Equal((2, 0, 2), (result.Outcome.GranuleCount, result.Outcome.FilesProcessed, result.Outcome.GranulesFailed));
    }

    [Fact]
    public async Task ProcessAsync_EmptyGranuleList_NoGranulesFound()
    {
        var result = await TestCell.ProcessAsync(Array.Empty<Uri>());

        Assert.Null(result.Table);
        Assert.Equal(CellOutcome.NoGranulesFound, result.Outcome.Error);
        Assert.Equal("No granules found", result.Outcome.Error);
        Assert.True(result.Outcome.IsEmpty);
        Assert.Equal((0L, 0, 0, 0), (result.Outcome.TotalObservations, result.Outcome.CellsWithData, result.Outcome.GranuleCount, result.Outcome.FilesProcessed));
    }

    [Fact]
    public async Task ProcessAsync_NothingSurvivesFilters_NoDataAfterFiltering()
    {
        // Arrange: one granule with rows in the cell that are all flagged or poisoned, one with no row in the cell.
        var a = TestCell.InChild(ChildA);
        var flagged = TestBeam.Of([a, a, a], [100f, float.NaN, 100f], [1f, 1f, TestGranule.Float32Fill]) with { Quality = [1, 0, 0] };
        var elsewhere = TestBeam.Of([TestCell.Outside, TestCell.Outside], [100f, 100f], [1f, 1f]);
        var first = TestGranule.Write(_folder.File("flagged.h5"), Beams(("gt1l", flagged)), chunk: 10);
        var second = TestGranule.Write(_folder.File("elsewhere.h5"), Beams(("gt1l", elsewhere)), chunk: 10);

        // Act
        var result = await TestCell.ProcessAsync(first, second);

        // Assert
        Assert.Null(result.Table);
        Assert.Equal("No data after filtering", result.Outcome.Error);
        Assert.True(result.Outcome.IsEmpty);
        Assert.Equal((0L, 2, 2, 0), (result.Outcome.TotalObservations, result.Outcome.GranuleCount, result.Outcome.FilesProcessed, result.Outcome.GranulesFailed));
    }

    private string WriteTwoChildGranule(string subfolder, string name)
    {
        var folder = Path.GetFullPath(Path.Combine(_folder.Path, subfolder));
        Directory.CreateDirectory(folder);
        // Every group holds the same five rows, four of them in the cell: 24 observations.
        var beam = TestBeam.Of([TestCell.InChild(ChildA), TestCell.InChild(ChildB), TestCell.InChild(ChildB), TestCell.Outside, TestCell.InChild(ChildA)],
            [10f, 20f, 30f, 40f, 50f], [1f, 2f, 3f, 4f, 5f]);
        return TestGranule.Write(Path.Combine(folder, name), TestCell.Groups.ToDictionary(g => g, _ => beam), chunk: 2);
    }

    private static Dictionary<string, TestBeam> Beams(params (string Group, TestBeam Beam)[] beams) => beams.ToDictionary(b => b.Group, b => b.Beam);

    private static byte[][] Bytes(ChildTable table) => table.Columns.Select(c => c.Bytes.ToArray()).ToArray();
}
