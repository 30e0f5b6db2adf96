using Magg.Orleans.Catalog.Geometry;
using Magg.Orleans.Catalog.Tests.Support;
using Magg.Orleans.Synthetic;

namespace Magg.Orleans.Catalog.Tests.Geometry;

/// <summary>
/// Footprints along real ICESat-2 ground tracks against the brute-force oracle: every cell holding a sampled point of a
/// footprint (edges every 50 m, interior every 500 m, against ~100 km cells) must be found. Extra cells are allowed only
/// where the footprint passes within metres of a cell.
/// </summary>
public sealed class OracleTests
{
    public static TheoryData<int, int, double, double> Cases => new()
    {
        { 6, 1, -88.0, -55.0 },   // Antarctic: turning latitudes, tracks round the pole
        { 6, 2, 55.0, 88.0 },     // Arctic
        { 6, 3, -60.0, 60.0 },    // mid latitudes and the equatorial belt
        { 4, 4, -88.0, 88.0 },
        { 8, 5, -88.0, -70.0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Cover_GroundTrackFootprints_HasNoOmissions(int order, int seed, double minLatitude, double maxLatitude)
    {
        var shapes = new CellShapes(order);
        var tracks = Footprints.Random(12, seed, minLatitude, maxLatitude).ToList();
        var (found, expected, extra) = (0, 0, 0);
        foreach (var track in tracks)
        {
            var ring = Footprints.Ring(track);
            var polygon = Footprints.Polygon(ring);
            var (right, left) = Footprints.Sides(ring);
            var oracle = Oracle.Cells(Oracle.Edges([.. right, .. left.Reverse()], 0.05).Concat(Oracle.Strip(right, left, 0.5)), order);

            var cover = RegionCover.Cover(polygon, shapes).ToHashSet();

            var missing = oracle.Except(cover).ToList();
            Assert.True(missing.Count == 0, $"{track}: {missing.Count} cells missed, e.g. {string.Join(", ", missing.Take(5))}");
            (found, expected, extra) = (found + cover.Count, expected + oracle.Count, extra + cover.Except(oracle).Count());
        }

        Assert.True(extra <= expected / 50 + 1, $"{extra} extra cells over {expected} expected");
        Assert.Equal(found, expected + extra);
    }

    [Fact]
    public void Cover_TrackThroughTheTurningLatitude_FollowsTheCurveRoundThePole()
    {
        foreach (var direction in new[] { TrackDirection.Ascending, TrackDirection.Descending })
        {
            var track = Footprints.Track(-88.0, 37.0, direction);
            var ring = Footprints.Ring(track);
            var (right, left) = Footprints.Sides(ring);
            var oracle = Oracle.Cells(Oracle.Edges([.. right, .. left.Reverse()], 0.02).Concat(Oracle.Strip(right, left, 0.2)), 6);

            var cover = RegionCover.Cover(Footprints.Polygon(ring), new CellShapes(6)).ToHashSet();

            Assert.Empty(oracle.Except(cover));
            Assert.True(cover.Count <= oracle.Count + 2, $"{cover.Count} cells for {oracle.Count}");
        }
    }
}
