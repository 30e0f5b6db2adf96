using System.Globalization;
using System.Text;
using Magg.Orleans.Lambda.Tests.Support;

namespace Magg.Orleans.Lambda.Tests;

/// <summary>
/// <c>magg-orleans submit --backend lambda</c> as users run it: the CLI process (an embedded silo) invokes a Lambda
/// emulator whose workers are real <c>bootstrap</c> processes reading granules from and writing the store to moto S3.
/// </summary>
public sealed class LambdaBackendTests(LambdaWorld world) : IClassFixture<LambdaWorld>
{
    [Fact]
    public async Task Submit_SmallFixture_LambdaStoreEqualsLocalStoreByteForByte_AndAnIdenticalResubmitInvokesNothing()
    {
        var local = await world.CliAsync(null, Submit("local", "local")).ConfigureAwait(true);
        Assert.True(local.ExitCode == 0, local.ToString());
        await using var emulator = await world.StartEmulatorAsync(workers: 3);

        var lambda = await world.CliAsync(emulator, [.. Submit("lambda", "lambda"), "--max-workers", "3"]);

        Assert.True(lambda.ExitCode == 0, $"{lambda}\n--- workers\n{string.Join('\n', emulator.WorkerOutput)}");
        Assert.Equal(("Completed", "lambda", "5", "0"), (lambda.Field("status"), lambda.Field("backend"), lambda.Field("total_cells"), lambda.Field("cells_error")));
        Assert.Equal(local.Field("total_obs"), lambda.Field("total_obs"));
        Assert.Equal("5", lambda.Field("lambda_invocations"));
        Assert.True(double.Parse(lambda.Field("lambda_gb_s"), CultureInfo.InvariantCulture) > 0, lambda.ToString());
        Assert.True(double.Parse(lambda.Field("lambda_cost_usd"), CultureInfo.InvariantCulture) > 0, lambda.ToString());
        var expected = await world.StoreObjectsAsync("local.zarr");
        var actual = await world.StoreObjectsAsync("lambda.zarr");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(actual[key]), $"{key} differs between the local and the lambda backend");
        }

        Assert.Empty(emulator.SignatureProblems);
        Assert.All(emulator.Invocations, i => Assert.Contains("/us-west-2/lambda/aws4_request", i.Authorization, StringComparison.Ordinal));
        Assert.All(emulator.Invocations, i => Assert.DoesNotContain(LambdaWorld.SecretKey, Encoding.UTF8.GetString(i.Event), StringComparison.Ordinal));
        Assert.All(emulator.Invocations, i => Assert.DoesNotContain(LambdaWorld.AccessKey, Encoding.UTF8.GetString(i.Event), StringComparison.Ordinal));
        Assert.DoesNotContain(emulator.WorkerOutput, l => l.Contains(LambdaWorld.SecretKey, StringComparison.Ordinal));
        Assert.DoesNotContain(LambdaWorld.SecretKey, lambda.Output + lambda.Error, StringComparison.Ordinal);
        var invoked = emulator.Invocations.Count;

        var again = await world.CliAsync(emulator, [.. Submit("lambda", "lambda"), "--max-workers", "3"]);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(("5", "0", "0.000"), (again.Field("cells_up_to_date"), again.Field("lambda_invocations"), again.Field("lambda_gb_s")));
        Assert.Equal(invoked, emulator.Invocations.Count);
    }

    [Fact]
    public async Task Submit_LambdaDryRun_EstimatesGbSecondsFromGranulesPerCell_AndTouchesNothing()
    {
        var run = await world.CliAsync(null, [.. Submit("lambda", "dry-run"), "--dry-run", "--lambda-architecture", "x86_64"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var reads = long.Parse(run.Field("lambda_granule_reads"), CultureInfo.InvariantCulture);
        var perGranule = double.Parse(run.Field("lambda_seconds_per_granule"), CultureInfo.InvariantCulture);
        var gbSeconds = double.Parse(run.Field("lambda_gb_s"), CultureInfo.InvariantCulture);
        Assert.Equal(9, reads);
        Assert.Equal(reads * perGranule * 2, gbSeconds, 1);
        Assert.Equal(gbSeconds * LambdaPricing.X86PerGbSecond + 5 * LambdaPricing.PerRequest, double.Parse(run.Field("lambda_cost_usd"), CultureInfo.InvariantCulture), 4);
        Assert.Empty(await world.StoreObjectsAsync("dry-run.zarr"));
    }

    [Fact]
    public async Task Submit_ProcessKilledMidRun_ResubmitFromANewProcessInvokesNoCellTheFunctionFinished()
    {
        await using var emulator = await world.StartEmulatorAsync(workers: 2, invocationDelay: TimeSpan.FromSeconds(1));
        var ct = TestContext.Current.CancellationToken;
        var arguments = Submit("lambda", "killed").Concat(["--max-workers", "2"]).ToArray();
        var first = world.StartCli(emulator, arguments);
        try
        {
            while (emulator.Invocations.Count(i => i.StatusCode == 200) < 2)
            {
                Assert.False(first.HasExited, "the first submit ended before it could be killed");
                await Task.Delay(50, ct);
            }
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync(ct);
            first.Dispose();
        }

        // Whatever was in flight when the process died may still finish in its worker (and write its stamp).
        await Task.Delay(TimeSpan.FromSeconds(3), ct);
        var finished = emulator.Invocations.Where(i => i.StatusCode == 200 && i.FunctionError is null).Select(i => i.ChunkIndex!.Value).ToHashSet();

        var again = await world.CliAsync(emulator, arguments);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(("Completed", "0", "79648"), (again.Field("status"), again.Field("cells_error"), again.Field("total_obs")));
        Assert.True(int.Parse(again.Field("cells_up_to_date"), CultureInfo.InvariantCulture) >= finished.Count, again.ToString());
        Assert.All(finished, chunk => Assert.Equal(1, emulator.RanCount(chunk)));
        Assert.All(Enumerable.Range(0, 5), chunk => Assert.InRange(emulator.RanCount(chunk), 1, 2));
    }

    private static string[] Submit(string backend, string store) =>
        ["submit", "--config", "atl06", "--catalog", LambdaWorld.SmallCatalog, "--store", $"s3://{LambdaWorld.StoreBucket}/{store}.zarr", "--backend", backend];
}
