using System.Globalization;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Cli.Tests;

/// <summary><c>index</c>: lat,lon rows to lat,lon,morton,nested, checked against the golden points.</summary>
public sealed class IndexCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData(6, true)]
    [InlineData(6, false)]
    [InlineData(18, true)]
    public async Task Index_GoldenPoints_PrintsTheGoldenMortonAndNested(int order, bool header)
    {
        var golden = GoldenPoints(order);
        var input = await WriteInputAsync([.. (header ? ["lat,lon"] : Array.Empty<string>()), .. golden.Select(p => $"{p.Lat},{p.Lon}")]);

        var run = await CliRun.InvokeAsync("index", input, "--order", order.ToString(CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        Assert.Equal(["lat,lon,morton,nested", .. golden.Select(p => $"{p.Lat},{p.Lon},{p.Morton},{p.Nested}")], run.OutputLines);
    }

    [Fact]
    public async Task Index_BadRow_NamesTheLine()
    {
        var input = await WriteInputAsync(["lat,lon", "10,20", "95,0", "0,0"]);

        var run = await CliRun.InvokeAsync("index", input, "--order", "6");

        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        Assert.StartsWith("error: line 3:", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_Order19_IsRejected()
    {
        var input = await WriteInputAsync(["10,20"]);

        var run = await CliRun.InvokeAsync("index", input, "--order", "19");

        Assert.Equal(MaggCli.InvalidInput, run.ExitCode);
        Assert.Contains("--order must be between 0 and 18", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("lat,lon,morton,nested", run.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Both poles, lon ±180 and a few ordinary points of the golden file, with the columns of <paramref name="order"/>.</summary>
    private static List<(string Lat, string Lon, string Morton, string Nested)> GoldenPoints(int order)
    {
        var lines = File.ReadAllLines(TestData.Path("golden", "morton_points.csv"));
        var columns = lines[0].Split(',').ToList();
        var (lat, lon) = (columns.IndexOf("lat"), columns.IndexOf("lon"));
        var (morton, nested) = (columns.IndexOf($"morton{order}"), columns.IndexOf($"nested{order}"));
        Assert.True(morton >= 0 && nested >= 0, $"golden file has no columns for order {order}");
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        static bool Special(string[] r) => Math.Abs(double.Parse(r[0], CultureInfo.InvariantCulture)) == 90 || Math.Abs(double.Parse(r[1], CultureInfo.InvariantCulture)) == 180;
        var chosen = rows.Where(r => Special([r[lat], r[lon]])).Take(6).Concat(rows.Where(r => !Special([r[lat], r[lon]])).Take(6)).ToList();
        Assert.Contains(chosen, r => r[lat] == "90.0");
        Assert.Contains(chosen, r => Math.Abs(double.Parse(r[lon], CultureInfo.InvariantCulture)) == 180);
        return [.. chosen.Select(r => (r[lat], r[lon], r[morton], r[nested]))];
    }

    private async Task<string> WriteInputAsync(IEnumerable<string> lines)
    {
        Directory.CreateDirectory(_folder.Path);
        var path = _folder.Combine($"points-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(path, lines, TestContext.Current.CancellationToken);
        return path;
    }
}
