using Magg.Orleans.Benchmarks;

IBenchmarkSection[] sections =
[
    new MortonBenchmark(),
    new KernelBenchmark(),
    new ProcessCellBenchmark(),
    new ZarrStoreBenchmark(),
    new GranuleReadBenchmark(),
    new EndToEndBenchmark(),
    new FanoutBenchmark(),
    new OneCellBenchmark(),
    new CatalogBenchmark(),
    new RealRunBenchmark(),
    new LambdaBenchmark(),
];

var selected = args.Length == 0 ? sections : sections.Where(s => args.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
if (selected.Length == 0)
{
    Console.Error.WriteLine($"Unknown section. Choose from: {string.Join(", ", sections.Select(s => s.Name))}");
    return 2;
}

Console.WriteLine($"Magg.Orleans benchmarks on {Environment.ProcessorCount} cores, .NET {Environment.Version}");
var report = new BenchmarkReport(Console.Out);
foreach (var section in selected)
{
    await section.RunAsync(report, CancellationToken.None).ConfigureAwait(false);
}

return 0;
