namespace Magg.Orleans.Benchmarks;

/// <summary>One group of figures the benchmark prints (e.g. <c>morton</c>, <c>kernel</c>, <c>store</c>).</summary>
internal interface IBenchmarkSection
{
    /// <summary>Short name used to select the section on the command line.</summary>
    string Name { get; }

    /// <summary>Measures and reports figures.</summary>
    Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken);
}
