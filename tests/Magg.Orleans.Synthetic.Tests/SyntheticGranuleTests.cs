using System.Globalization;
using System.Text.RegularExpressions;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Synthetic.Tests;

/// <summary>One synthetic granule: ATL06 layout and types readable by the HDF5 C library, orbit geometry, data mix.</summary>
public sealed partial class SyntheticGranuleTests
{
    private const double EarthRadiusMeters = 6_371_008.8;

    private static readonly SyntheticTrack Track = new(-75.0, 123.0, TrackDirection.Descending, 50, 1234, 22,
        new DateTimeOffset(2024, 2, 6, 5, 42, 4, TimeSpan.Zero));

    [Fact]
    public async Task Write_SmallGranule_H5dumpShowsAtl06LayoutTypesChunksAndFilters()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        var path = folder.File(Track.GranuleName);

        // Act
        var granule = SyntheticGranuleWriter.Write(path, Track, new SyntheticOptions { ChunkSize = 1000 });
        var header = await H5Dump.RunAsync(TestContext.Current.CancellationToken, "-H", "-p", path);

        // Assert
        Assert.Equal(6 * 2500, granule.Rows);
        foreach (var group in Atl06Layout.Groups)
        {
            Assert.Contains($"GROUP \"{group}\"", header, StringComparison.Ordinal);
        }

        var expectedTypes = new Dictionary<string, string>
        {
            ["latitude"] = "H5T_IEEE_F64LE",
            ["longitude"] = "H5T_IEEE_F64LE",
            ["h_li"] = "H5T_IEEE_F32LE",
            ["h_li_sigma"] = "H5T_IEEE_F32LE",
            ["atl06_quality_summary"] = "H5T_STD_I8LE",
            ["delta_time"] = "H5T_IEEE_F64LE",
            ["segment_id"] = "H5T_STD_I32LE",
        };
        var gt2r = await H5Dump.RunAsync(TestContext.Current.CancellationToken, "-H", "-p", "-g", "/gt2r/land_ice_segments", path);
        foreach (var (name, type) in expectedTypes)
        {
            var block = DatasetBlock(gt2r, name);
            Assert.Contains($"DATATYPE  {type}", block, StringComparison.Ordinal);
            Assert.Contains("DATASPACE  SIMPLE { ( 2500 ) / ( 2500 ) }", block, StringComparison.Ordinal);
            Assert.Contains("CHUNKED ( 1000 )", block, StringComparison.Ordinal);
            Assert.Contains("PREPROCESSING SHUFFLE", block, StringComparison.Ordinal);
            Assert.Contains("COMPRESSION DEFLATE { LEVEL 6 }", block, StringComparison.Ordinal);
            Assert.Contains("ATTRIBUTE \"_FillValue\"", block, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Write_SmallGranule_H5dumpReadsTheGeneratedValuesAndFillValues()
    {
        // Arrange
        using var folder = new TemporaryFolder();
        var path = folder.File(Track.GranuleName);
        var granule = SyntheticGranuleWriter.Write(path, Track, new SyntheticOptions { ChunkSize = 1000 });
        var beam = granule.Beams[3];

        // Act: rows 1498..1502 straddle the chunk boundary at 1500.
        var latitude = await H5Dump.RunAsync(TestContext.Current.CancellationToken, "-m", "%.17g", "-d", "/gt2r/land_ice_segments/latitude",
            "-s", "1498", "-c", "5", path);
        var height = await H5Dump.RunAsync(TestContext.Current.CancellationToken, "-m", "%.9g", "-d", "/gt2r/land_ice_segments/h_li",
            "-s", "1498", "-c", "5", path);
        var fill = await H5Dump.RunAsync(TestContext.Current.CancellationToken, "-m", "%.9g",
            "-a", "/gt2r/land_ice_segments/h_li/_FillValue", path);

        // Assert
        Assert.Equal(beam.Latitude.Skip(1498).Take(5), Values(latitude));
        Assert.Equal(beam.Height.Skip(1498).Take(5).Select(h => (double)h), Values(height).Select(v => (double)(float)v));
        Assert.Equal([(double)float.MaxValue], Values(fill).Select(v => (double)(float)v));
    }

    [Fact]
    public void Generate_TrackNearThePole_ReachesButDoesNotPass88DegreesAndKeepsBeamSpacing()
    {
        // Arrange: centred 1.5° from the turning latitude, 2000 km long, so the track goes over the top.
        var track = new SyntheticTrack(-86.5, 40.0, TrackDirection.Descending, 2000, 1, 22, new DateTimeOffset(2024, 1, 10, 0, 0, 0, TimeSpan.Zero));

        // Act
        var granule = SyntheticGranuleGenerator.Generate(track, new SyntheticOptions { CoordinateFillFraction = 0 });

        // Assert
        var reference = granule.Beams.Select(b => b.Latitude.Min()).ToArray();
        Assert.All(reference, lat => Assert.InRange(lat, -88.05, -87.95));
        var rows = granule.Beams[0].Rows;
        Assert.Equal(100_000, rows);
        foreach (var row in new[] { 0, rows / 3, rows - 1 })
        {
            Assert.InRange(Distance(granule.Beams[0], row, granule.Beams[1], row), 89.0, 91.0);
            Assert.InRange(Distance(granule.Beams[2], row, granule.Beams[4], row), 3295.0, 3305.0);
        }

        var alongTrack = Distance(granule.Beams[2], 1000, granule.Beams[2], 1001);
        Assert.InRange(alongTrack, 19.0, 21.0);
        Assert.True(granule.Beams[0].DeltaTime[1] > granule.Beams[0].DeltaTime[0]);
    }

    [Fact]
    public void Generate_DefaultOptions_HasFlaggedRunsFillValuesAndNaNsLikeAtl06()
    {
        // Act
        var granule = SyntheticGranuleGenerator.Generate(Track with { LengthKm = 400 }, new SyntheticOptions { Seed = 3 });

        // Assert
        var beams = granule.Beams;
        var rows = granule.Rows;
        var flagged = beams.Sum(b => b.Quality.Count(q => q == 1));
        Assert.InRange(flagged / (double)rows, 0.02, 0.15);
        Assert.True(beams.Sum(b => b.Height.Count(h => h == Atl06Layout.Float32Fill)) > 100);
        Assert.True(beams.Sum(b => b.Quality.Where((q, i) => q == 0 && b.Height[i] == Atl06Layout.Float32Fill).Count()) > 0,
            "some quality-0 rows must carry a fill value");
        Assert.True(beams.Sum(b => b.Height.Count(float.IsNaN) + b.HeightSigma.Count(float.IsNaN)) > 0);
        Assert.True(beams.Sum(b => b.Latitude.Count(l => l == Atl06Layout.Float64Fill) + b.Longitude.Count(l => l == Atl06Layout.Float64Fill)) > 0);
        var valid = beams.SelectMany(b => Enumerable.Range(0, b.Rows).Where(b.IsValid).Select(i => (double)b.Height[i])).ToArray();
        Assert.InRange(valid.Min(), 1000, 4000);
        Assert.InRange(valid.Max(), 1000, 4000);
        Assert.All(beams, b => Assert.All(b.Longitude.Where(l => l != Atl06Layout.Float64Fill), l => Assert.InRange(l, -180.0, 180.0)));
    }

    [Fact]
    public void CountByParent_Granule_MatchesAPerRowRecount()
    {
        // Arrange
        var granule = SyntheticGranuleGenerator.Generate(Track with { LengthKm = 300 }, new SyntheticOptions { Seed = 9 });

        // Act
        var counts = granule.CountByParent(6);

        // Assert
        var expected = granule.Beams
            .SelectMany(b => Enumerable.Range(0, b.Rows).Where(b.HasCoordinates).Select(i => (Cell: Morton.FromLatLon(b.Latitude[i], b.Longitude[i], 6), Valid: b.IsValid(i))))
            .GroupBy(r => r.Cell)
            .ToDictionary(g => g.Key, g => new SyntheticCellCount(g.LongCount(), g.LongCount(r => r.Valid)));
        Assert.True(counts.Count >= 3);
        Assert.Equal(expected.OrderBy(e => e.Key), counts.OrderBy(c => c.Key));
    }

    [Fact]
    public void GranuleName_Track_FollowsTheAtl06Convention()
    {
        Assert.Matches(GranuleNamePattern(), Track.GranuleName);
        Assert.StartsWith("ATL06_20240206", Track.GranuleName, StringComparison.Ordinal);
        Assert.Contains("_123422", Track.GranuleName, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CrossingBeyondTheTurningLatitude_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticGranuleGenerator.Generate(Track with { CrossingLatitude = -88.5 }, new SyntheticOptions()));
    }

    private static string DatasetBlock(string dump, string name)
    {
        var start = dump.IndexOf($"DATASET \"{name}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"dataset {name} not in the h5dump output");
        var next = dump.IndexOf("DATASET \"", start + 10, StringComparison.Ordinal);
        return next < 0 ? dump[start..] : dump[start..next];
    }

    private static double[] Values(string dump)
    {
        var start = dump.IndexOf("DATA {", StringComparison.Ordinal);
        var data = dump[start..dump.IndexOf('}', start)];
        return DataValue().Matches(data).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
    }

    private static double Distance(SyntheticBeam a, int rowA, SyntheticBeam b, int rowB)
    {
        static (double X, double Y, double Z) Unit(double lat, double lon)
        {
            var (la, lo) = (lat * Math.PI / 180, lon * Math.PI / 180);
            return (Math.Cos(la) * Math.Cos(lo), Math.Cos(la) * Math.Sin(lo), Math.Sin(la));
        }

        var p = Unit(a.Latitude[rowA], a.Longitude[rowA]);
        var q = Unit(b.Latitude[rowB], b.Longitude[rowB]);
        var chord = Math.Sqrt(Math.Pow(p.X - q.X, 2) + Math.Pow(p.Y - q.Y, 2) + Math.Pow(p.Z - q.Z, 2));
        return 2 * Math.Asin(chord / 2) * EarthRadiusMeters;
    }

    [GeneratedRegex(@"^ATL06_\d{14}_\d{8}_006_02\.h5$")]
    private static partial Regex GranuleNamePattern();

    [GeneratedRegex(@"(?:\(\d+\):|,)\s*([-+0-9.eE]+|nan|inf)")]
    private static partial Regex DataValue();
}
