using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.S3.Model;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.Storage.Lambda;
using Magg.Orleans.TestSupport.Lambda;

namespace Magg.Orleans.Benchmarks;

/// <summary>
/// The lambda backend: cold start of the function (process start to its first Runtime API <c>next</c> request), published
/// self-contained ReadyToRun and as the framework-dependent build output; and invocations per second the grains sustain
/// against the Lambda emulator with a no-op function (each cell still checks its stamp on moto S3 first).
/// </summary>
internal sealed class LambdaBenchmark : IBenchmarkSection
{
    private const int ColdStarts = 7;
    private const int NoOpCells = 2000;

    public string Name => "lambda";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"magg-orleans-bench-lambda-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            var root = RepositoryRoot();
            var published = Path.Combine(folder, "published");
            using (var publish = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(root, "src", "Magg.Orleans.Lambda"), "-c", "Release", "-o", published])
            {
                RedirectStandardOutput = true,
            })!)
            {
                await publish.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                await publish.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }

            report.Note(Name, $"cold start = process start to first 'next' request, one worker at a time, {ColdStarts} starts each (2-core machine, shared)");
            var buildOutput = Path.Combine(root, "src", "Magg.Orleans.Lambda", "bin", "Release", "net10.0", "bootstrap.dll");
            await ColdStartAsync(report, "published (self-contained, ReadyToRun)", Path.Combine(published, "bootstrap"), [], cancellationToken).ConfigureAwait(false);
            await ColdStartAsync(report, "build output (dotnet bootstrap.dll, JIT)", "dotnet", [buildOutput], cancellationToken).ConfigureAwait(false);
            if (LocalMotoServer.Executable is { } moto)
            {
                await NoOpRunAsync(report, moto, folder, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                report.Note(Name, "SKIPPED invocations per second: moto_server is not installed (pip install \"moto[server]\")");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task ColdStartAsync(BenchmarkReport report, string label, string executable, string[] arguments, CancellationToken cancellationToken)
    {
        var starts = new List<double>();
        for (var i = 0; i < ColdStarts; i++)
        {
            var emulator = await LambdaEmulator.StartAsync(new LambdaEmulatorOptions
            {
                Workers = 1,
                WorkerExecutable = executable,
                WorkerArguments = arguments,
            }, cancellationToken).ConfigureAwait(false);
            await using (emulator.ConfigureAwait(false))
            {
                starts.Add(emulator.ColdStarts.Single().TotalMilliseconds);
            }
        }

        starts.Sort();
        report.Figure(Name, $"cold start, {label}: best of {starts.Count}", starts[0], "ms");
        report.Figure(Name, $"cold start, {label}: median", starts[starts.Count / 2], "ms");
    }

    private async Task NoOpRunAsync(BenchmarkReport report, string moto, string folder, CancellationToken cancellationToken)
    {
        var server = await LocalMotoServer.StartAsync(moto, cancellationToken).ConfigureAwait(false);
        await using var stopServer = server.ConfigureAwait(false);
        using (var s3 = server.CreateS3Client())
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = "bench-lambda", BucketRegionName = LocalMotoServer.Region }, cancellationToken).ConfigureAwait(false);
        }

        var emulator = await LambdaEmulator.StartAsync(new LambdaEmulatorOptions { Workers = 100_000, Handler = NoOp }, cancellationToken).ConfigureAwait(false);
        await using var stopEmulator = emulator.ConfigureAwait(false);
        // The embedded silo invokes with the AWS chain (these variables) at the emulator (AWS_ENDPOINT_URL_LAMBDA).
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", LocalMotoServer.Key);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", LocalMotoServer.Key);
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_LAMBDA", emulator.Endpoint);
        var catalog = Path.Combine(folder, "noop-catalog.json");
        await File.WriteAllTextAsync(catalog, Catalog(NoOpCells), cancellationToken).ConfigureAwait(false);
        var cluster = await MaggCluster.StartEmbeddedAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using var stopCluster = cluster.ConfigureAwait(false);
        foreach (var workers in new[] { 64, 256 })
        {
            var started = Stopwatch.GetTimestamp();
            var result = await cluster.Client.AggAsync(new AggRequest
            {
                Config = "atl06",
                Catalog = catalog,
                Store = $"s3://bench-lambda/noop-{workers.ToString(CultureInfo.InvariantCulture)}.zarr",
                StoreServiceUrl = server.Endpoint,
                StoreForcePathStyle = true,
                Backend = AggBackends.Lambda,
                MaxWorkers = workers,
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var summary = ((RunResult)result).Summary;
            report.Note(Name, $"no-op function, {NoOpCells} cells, {workers} workers: {summary.Status}, {summary.LambdaInvocations} invocations, {summary.CellsError} failed");
            report.Figure(Name, $"no-op function, {workers} workers: invocations per second (whole run, stamp check on moto S3 included)",
                summary.LambdaInvocations / seconds, "/s");
        }
    }

    private static byte[] NoOp(byte[] body)
    {
        var cell = CellEvent.Parse(body);
        var record = CellRecord.Failed(cell.ParentMorton, cell.Granules.Count, "No data after filtering");
        return CellEventResponse.From(new CellJobResult(CellJobStatus.Empty, record, false, false), 0.001, 1).Serialize();
    }

    private static string Catalog(int cells)
    {
        var entries = Enumerable.Range(0, cells).ToDictionary(
            i => Morton.FromNested(i, 6).ToString(CultureInfo.InvariantCulture),
            i => new[] { $"s3://bench-granules/ATL06_{i.ToString("D6", CultureInfo.InvariantCulture)}.h5" });
        return JsonSerializer.Serialize(new { metadata = new { short_name = "ATL06", parent_order = 6, total_cells = cells }, catalog = entries });
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Magg.Orleans.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("the benchmark runs from inside the repository");
    }
}
