using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Benchmarks;

/// <summary>lat/lon to order-18 NESTED pixels and decimal mortons on one core.</summary>
internal sealed class MortonBenchmark : IBenchmarkSection
{
    private const int Points = 4_000_000;

    public string Name => "morton";

    public Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var random = new Random(18);
        var lat = new double[Points];
        var lon = new double[Points];
        for (var i = 0; i < Points; i++)
        {
            // Mostly polar, like ATL06 land ice, with the rest spread over the sphere.
            lat[i] = i % 4 == 0 ? random.NextDouble() * 180 - 90 : -60 - random.NextDouble() * 30;
            lon[i] = random.NextDouble() * 360 - 180;
        }

        var nested = new long[Points];
        var mortons = new long[Points];
        var toNested = BenchmarkReport.BestOf(5, () => Healpix.LatLonToNested(lat, lon, 18, nested));
        var toMorton = BenchmarkReport.BestOf(5, () => Morton.FromNested(nested, 18, mortons));
        report.Note(Name, $"{Points:N0} random points (75% Antarctic), one thread, best of 5");
        report.Figure(Name, "lat/lon -> nested pixel (order 18)", Points / toNested / 1e6, "M points/s");
        report.Figure(Name, "nested -> decimal morton (order 18)", Points / toMorton / 1e6, "M points/s");
        report.Figure(Name, "lat/lon -> decimal morton (order 18), end to end", Points / (toNested + toMorton) / 1e6, "M points/s");
        return Task.CompletedTask;
    }
}
