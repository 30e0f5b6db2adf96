using System.Diagnostics;
using System.Globalization;
using Magg.Orleans.Client;
using Magg.Orleans.Synthetic;

namespace Magg.Orleans.Benchmarks;

/// <summary>
/// <c>magg-orleans submit --morton-cell M</c> as a process (what a user waits for, silo start included), and inside
/// a process: what starting the embedded silo, planning, running the cell and stopping cost, cold and warm.
/// </summary>
/// <remarks>
/// Uses the CLI built next to this repository (<c>src/Magg.Orleans.Cli/bin/Release/net10.0</c>), or the one named by
/// <c>MAGG_BENCH_CLI</c> (e.g. a ReadyToRun publish: <c>dotnet publish src/Magg.Orleans.Cli -c Release -r linux-x64 -o DIR</c>).
/// </remarks>
internal sealed class OneCellBenchmark : IBenchmarkSection
{
    private const int Repeats = 5;

    public string Name => "onecell";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"magg-orleans-bench-onecell-{Guid.NewGuid():N}");
        try
        {
            var dataset = await DemoDatasetBuilder.CreateAsync(Path.Combine(folder, "data"), DemoOptions.Antarctica, cancellationToken).ConfigureAwait(false);
            var densest = dataset.Cells.OrderByDescending(c => c.Granules.Count).First();
            var morton = densest.ParentMorton.ToString(CultureInfo.InvariantCulture);
            report.Note(Name, $"demo data set, densest cell {morton} ({densest.Granules.Count} granules); local store, first run writes its chunks, "
                + "later runs find it up to date (stamps)");
            foreach (var cli in Clis())
            {
                await MeasureProcessAsync(report, cli, dataset.CatalogPath, morton, Path.Combine(folder, $"process-{Guid.NewGuid():N}.zarr"), cancellationToken)
                    .ConfigureAwait(false);
            }

            await MeasureInProcessAsync(report, dataset.CatalogPath, densest.ParentMorton, folder, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private async Task MeasureProcessAsync(BenchmarkReport report, (string Label, string Dll) cli, string catalog, string morton, string store,
        CancellationToken cancellationToken)
    {
        var fresh = new List<(double Wall, double Cpu)>();
        var upToDate = new List<(double Wall, double Cpu)>();
        for (var i = 0; i < Repeats; i++)
        {
            if (Directory.Exists(store))
            {
                Directory.Delete(store, recursive: true);
            }

            fresh.Add(await RunProcessAsync(cli.Dll, ["submit", "--config", "atl06", "--catalog", catalog, "--store", store, "--morton-cell", morton],
                cancellationToken).ConfigureAwait(false));
            upToDate.Add(await RunProcessAsync(cli.Dll, ["submit", "--config", "atl06", "--catalog", catalog, "--store", store, "--morton-cell", morton],
                cancellationToken).ConfigureAwait(false));
        }

        Report(report, $"process ({cli.Label}), cell written", fresh);
        Report(report, $"process ({cli.Label}), cell up to date", upToDate);
    }

    private void Report(BenchmarkReport report, string label, List<(double Wall, double Cpu)> samples)
    {
        var walls = samples.Select(s => s.Wall).Order().ToArray();
        report.Figure(Name, $"{label}: wall, best of {samples.Count}", walls[0], "s");
        report.Figure(Name, $"{label}: wall, median", walls[walls.Length / 2], "s");
        report.Figure(Name, $"{label}: CPU (user + sys), best", samples.Min(s => s.Cpu), "s");
    }

    private static async Task<(double Wall, double Cpu)> RunProcessAsync(string dll, string[] args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var cpuBefore = ChildProcessCpu.TotalSeconds();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var wall = watch.Elapsed.TotalSeconds;
        var cpu = ChildProcessCpu.TotalSeconds() - cpuBefore;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"magg-orleans exited {process.ExitCode}: {await output.ConfigureAwait(false)} {await error.ConfigureAwait(false)}");
        }

        return (wall, cpu);
    }

    private async Task MeasureInProcessAsync(BenchmarkReport report, string catalog, long morton, string folder, CancellationToken cancellationToken)
    {
        for (var round = 1; round <= 2; round++)
        {
            var label = round == 1 ? "in this process, first time" : "in this process, again (warm)";
            var watch = Stopwatch.StartNew();
            var cluster = await MaggCluster.StartEmbeddedAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var started = watch.Elapsed.TotalSeconds;
            var request = new AggRequest { Config = "atl06", Catalog = catalog, Store = Path.Combine(folder, $"inprocess-{round}.zarr"), MortonCell = morton };
            var plan = await RunPlanner.PlanAsync(request, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var planned = watch.Elapsed.TotalSeconds;
            var result = await cluster.Client.RunAsync(plan, cancellationToken: cancellationToken).ConfigureAwait(false);
            var ran = watch.Elapsed.TotalSeconds;
            await cluster.DisposeAsync().ConfigureAwait(false);
            var stopped = watch.Elapsed.TotalSeconds;
            report.Note(Name, $"{label}: {result.Summary.Status}, total_obs {result.Summary.TotalObs:N0}");
            report.Figure(Name, $"{label}: embedded silo start", started, "s");
            report.Figure(Name, $"{label}: plan", planned - started, "s");
            report.Figure(Name, $"{label}: run (submit to summary)", ran - planned, "s");
            report.Figure(Name, $"{label}: silo stop", stopped - ran, "s");
        }
    }

    private static IEnumerable<(string Label, string Dll)> Clis()
    {
        if (Environment.GetEnvironmentVariable("MAGG_BENCH_CLI") is { Length: > 0 } named)
        {
            yield return ("MAGG_BENCH_CLI", Path.Combine(named, "magg-orleans.dll"));
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var built = Path.Combine(folder.FullName, "src", "Magg.Orleans.Cli", "bin", "Release", "net10.0", "magg-orleans.dll");
            if (File.Exists(built))
            {
                yield return ("build output", built);
                yield break;
            }
        }
    }
}
