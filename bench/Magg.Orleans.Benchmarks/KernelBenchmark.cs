using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;

namespace Magg.Orleans.Benchmarks;

/// <summary>The aggregation kernel alone: 5 M observations of one parent cell over 4096 children with atl06.yaml.</summary>
internal sealed class KernelBenchmark : IBenchmarkSection
{
    private const int Observations = 5_000_000;
    private const long Parent = -3131311;

    public string Name => "kernel";

    public Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var aggregator = new CellAggregator(BuiltInConfigs.Get("atl06"));
        var buffer = aggregator.CreateBuffer(Observations);
        var start = buffer.Reserve(Observations);
        var random = new Random(5);
        var children = buffer.ChildrenAt(start, Observations);
        var heights = buffer.ColumnAt(0, start, Observations);
        var sigmas = buffer.ColumnAt(1, start, Observations);
        for (var i = 0; i < Observations; i++)
        {
            // Tracks visit children in runs, as along-track segments do.
            children[i] = (int)((i / 37 * 2654435761L) % 4096);
            heights[i] = (float)(1500 + 300 * random.NextDouble());
            sigmas[i] = (float)(0.01 + 0.5 * random.NextDouble());
        }

        var seconds = BenchmarkReport.BestOf(7, () => aggregator.Aggregate(Parent, buffer));
        report.Note(Name, $"{Observations:N0} observations, 4096 children, 9 atl06 variables, one thread, best of 7");
        report.Figure(Name, "aggregation kernel", Observations / seconds / 1e6, "M observations/s");
        report.Figure(Name, "aggregation kernel wall time", seconds * 1000, "ms");
        return Task.CompletedTask;
    }
}
