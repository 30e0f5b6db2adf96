using System.Globalization;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Core.Tests.Spatial;

/// <summary>Every row of the healpy-computed golden vectors, exactly.</summary>
public sealed class GoldenMortonTests
{
    private static readonly string[][] Points = ReadCsv("morton_points.csv");
    private static readonly string[][] ChildRows = ReadCsv("morton_children.csv");

    [Fact]
    public void LatLonToNested_EveryGoldenPoint_MatchesHealpyAtOrders18_12_6()
    {
        var mismatches = new List<string>();
        foreach (var row in Points)
        {
            var (lat, lon) = (ParseDouble(row[0]), ParseDouble(row[1]));
            var actual = (Healpix.LatLonToNested(lat, lon, 18), Healpix.LatLonToNested(lat, lon, 12), Healpix.LatLonToNested(lat, lon, 6));
            var expected = (long.Parse(row[2], CultureInfo.InvariantCulture), long.Parse(row[7], CultureInfo.InvariantCulture),
                long.Parse(row[8], CultureInfo.InvariantCulture));
            if (actual != expected)
            {
                mismatches.Add($"({row[0]}, {row[1]}): expected {expected}, got {actual}");
            }
        }

        Assert.True(Points.Length > 4000, "the golden file was not read");
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n{string.Join('\n', mismatches.Take(20))}");
    }

    [Fact]
    public void FromLatLon_EveryGoldenPoint_MatchesMortonAtOrders18_12_6_1()
    {
        var mismatches = new List<string>();
        foreach (var row in Points)
        {
            var (lat, lon) = (ParseDouble(row[0]), ParseDouble(row[1]));
            var m18 = Morton.FromLatLon(lat, lon, 18);
            var actual = (m18, Morton.Clip(m18, 12), Morton.Clip(m18, 6), Morton.Clip(m18, 1), Morton.FromLatLon(lat, lon, 12));
            var expected = (ParseLong(row[3]), ParseLong(row[4]), ParseLong(row[5]), ParseLong(row[6]), ParseLong(row[4]));
            if (actual != expected)
            {
                mismatches.Add($"({row[0]}, {row[1]}): expected {expected}, got {actual}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n{string.Join('\n', mismatches.Take(20))}");
    }

    [Fact]
    public void SpanApi_EveryGoldenPoint_EqualsScalarResults()
    {
        var lat = Points.Select(r => ParseDouble(r[0])).ToArray();
        var lon = Points.Select(r => ParseDouble(r[1])).ToArray();
        var nested = new long[lat.Length];
        var mortons = new long[lat.Length];

        Healpix.LatLonToNested(lat, lon, 18, nested);
        Morton.FromNested(nested, 18, mortons);

        Assert.Equal(Points.Select(r => ParseLong(r[2])), nested);
        Assert.Equal(Points.Select(r => ParseLong(r[3])), mortons);
    }

    [Fact]
    public void ToNested_EveryGoldenMorton_RoundTrips()
    {
        foreach (var row in Points)
        {
            Assert.Equal(ParseLong(row[2]), Morton.ToNested(ParseLong(row[3])));
            Assert.Equal(ParseLong(row[7]), Morton.ToNested(ParseLong(row[4])));
            Assert.Equal(ParseLong(row[8]), Morton.ToNested(ParseLong(row[5])));
            Assert.Equal(ParseLong(row[3]), Morton.FromNested(ParseLong(row[2]), 18));
        }
    }

    [Fact]
    public void Children_EveryGoldenParent_MatchesHealpyInAscendingNestedOrder()
    {
        foreach (var group in ChildRows.GroupBy(r => (Parent: ParseLong(r[0]), Order: int.Parse(r[1], CultureInfo.InvariantCulture))))
        {
            var rows = group.OrderBy(r => int.Parse(r[2], CultureInfo.InvariantCulture)).ToArray();
            var mortons = new long[rows.Length];
            var nested = new ulong[rows.Length];

            Morton.Children(group.Key.Parent, group.Key.Order, mortons, nested);

            Assert.Equal(rows.Select(r => ParseLong(r[3])), mortons);
            Assert.Equal(rows.Select(r => ulong.Parse(r[4], CultureInfo.InvariantCulture)), nested);
            Assert.Equal(mortons, Morton.Children(group.Key.Parent, group.Key.Order));
            Assert.All(mortons, m => Assert.Equal(group.Key.Parent, Morton.Clip(m, Morton.OrderOf(group.Key.Parent))));
        }

        Assert.Contains(ChildRows, r => r[1] == "12");
    }

    private static string[][] ReadCsv(string name) =>
        File.ReadLines(TestData.Path("golden", name)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();

    private static double ParseDouble(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static long ParseLong(string text) => long.Parse(text, CultureInfo.InvariantCulture);
}
