using System.Globalization;
using System.Text.RegularExpressions;
using Magg.Orleans.Lambda.Tests.Support;

namespace Magg.Orleans.Lambda.Tests;

/// <summary>
/// How <c>submit --backend lambda</c> meets Lambda's failures, with real bootstrap workers behind the emulator and the
/// store on moto S3: throttling storms, a worker dying mid-invocation, an event too large to send.
/// </summary>
public sealed class LambdaFailureTests(LambdaWorld world) : IClassFixture<LambdaWorld>
{
    private const string SmallFixtureObservations = "79648";

    [Fact]
    public async Task Submit_ThrottleStorm_CompletesEveryCell_BackingOffItsConcurrency()
    {
        await using var emulator = await world.StartEmulatorAsync(workers: 2, invocationDelay: TimeSpan.FromMilliseconds(300));
        emulator.ThrottleNext(12);

        var run = await world.CliAsync(emulator, [.. Submit("throttled"), "--max-workers", "5"]);

        Assert.True(run.ExitCode == 0, $"{run}\n--- workers\n{string.Join('\n', emulator.WorkerOutput)}");
        Assert.Equal(("Completed", "0", SmallFixtureObservations, "5"), (run.Field("status"), run.Field("cells_error"), run.Field("total_obs"), run.Field("lambda_invocations")));
        var throttled = emulator.Invocations.Count(i => i.StatusCode == 429);
        Assert.True(throttled >= 12, $"{throttled} throttles");
        Assert.Equal(throttled, long.Parse(run.Field("lambda_throttles"), CultureInfo.InvariantCulture));
        var lowest = int.Parse(run.Field("lambda_lowest_concurrency"), CultureInfo.InvariantCulture);
        Assert.InRange(lowest, 1, 2);
        Assert.True(emulator.MaxRunning <= 2, $"{emulator.MaxRunning} ran at once");
        Assert.All(Enumerable.Range(0, 5), chunk => Assert.Equal(1, emulator.RanCount(chunk)));
    }

    [Fact]
    public async Task Submit_WorkerKilledMidInvocation_FailsThatCellOnceRetried_WithLambdasMessage_AndLosesNoOtherCell()
    {
        var local = await world.CliAsync(null, Submit("crash-local", "local"));
        Assert.True(local.ExitCode == 0, local.ToString());
        await using var emulator = await world.StartEmulatorAsync(workers: 2);
        emulator.CrashOnChunk(1);

        var run = await world.CliAsync(emulator, [.. Submit("crash"), "--max-workers", "2"]);

        Assert.Empty(emulator.Faults);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(("CompletedWithErrors", "1"), (run.Field("status"), run.Field("cells_error")));
        Assert.Contains("  cell -6121211: Runtime.ExitError", run.Output, StringComparison.Ordinal);
        Assert.True(emulator.RanCount(1) == 2, $"chunk 1 ran {emulator.RanCount(1)} times: {string.Join(", ", emulator.Invocations.Where(i => i.ChunkIndex == 1).Select(i => $"{i.StatusCode} {i.FunctionError}"))}\n{run}");
        Assert.Equal(2, emulator.Crashes);
        var expected = await world.StoreObjectsAsync("crash-local.zarr");
        var actual = await world.StoreObjectsAsync("crash.zarr");
        // The killed cell may have written some of its chunks before it died, never its completion stamp.
        Assert.False(await world.ExistsAsync("crash.zarr/_magg/cells/12/1.json"), "the crashed cell has a completion stamp");
        Assert.True(await world.ExistsAsync("crash.zarr/_magg/cells/12/0.json"), "a finished cell has no completion stamp");
        foreach (var (key, bytes) in expected.Where(e => !e.Key.EndsWith("/c/1", StringComparison.Ordinal) && !e.Key.EndsWith("zarr.json", StringComparison.Ordinal)))
        {
            Assert.True(actual.TryGetValue(key, out var written) && bytes.AsSpan().SequenceEqual(written), $"{key} is missing or differs");
        }
    }

    [Fact]
    public async Task Submit_CellEventOver256KB_FailsThatCellWithoutInvoking_NamingTheSize()
    {
        var catalog = await world.WriteCatalogAsync("huge-cell.json", cells =>
        {
            var granules = cells["-6121212"]!.AsArray();
            foreach (var i in Enumerable.Range(0, 200))
            {
                granules.Add($"s3://nsidc-cumulus-prod-protected/ATL06/006/2019/01/01/{new string('x', 1400)}_{i.ToString("D4", CultureInfo.InvariantCulture)}.h5");
            }
        });
        await using var emulator = await world.StartEmulatorAsync(workers: 2);

        var run = await world.CliAsync(emulator, "submit", "--config", "atl06", "--catalog", catalog, "--store", $"s3://{LambdaWorld.StoreBucket}/huge.zarr",
            "--backend", "lambda", "--max-workers", "2");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(("CompletedWithErrors", "1", "4"), (run.Field("status"), run.Field("cells_error"), run.Field("lambda_invocations")));
        Assert.True(Regex.IsMatch(run.Output, @"  cell -6121212: .*the event for Lambda function process-morton-cell is [\d,]+ bytes, over the 262,144 bytes"),
            run.ToString());
        Assert.DoesNotContain(emulator.Invocations, i => i.ChunkIndex == 0);
        Assert.Equal(4, emulator.Invocations.Count(i => i.StatusCode == 200));
    }

    private static string[] Submit(string store, string backend = "lambda") =>
        ["submit", "--config", "atl06", "--catalog", LambdaWorld.SmallCatalog, "--store", $"s3://{LambdaWorld.StoreBucket}/{store}.zarr", "--backend", backend];
}
