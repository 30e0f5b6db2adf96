using System.Globalization;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3.Model;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Lambda.Tests.Support;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.Storage.Lambda;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;
using Magg.Orleans.TestSupport.Lambda;

namespace Magg.Orleans.Lambda.Tests;

/// <summary>
/// Events sent straight to the function, bypassing the silo that checks them (whoever may invoke the function can): the
/// real bootstrap applies the silo's access policy from its own variables (<c>MAGG_ALLOW_GRANULES</c>,
/// <c>MAGG_ALLOW_STORES</c>, <c>MAGG_ALLOW_LOOPBACK_FOR_TESTS</c>), so it reads and writes no more than a cluster silo
/// would let a run, and its Earthdata token goes nowhere but Earthdata hosts over https.
/// </summary>
public sealed class LambdaAccessPolicyTests(LambdaWorld world) : IClassFixture<LambdaWorld>
{
    private const string Token = "magg-planted-earthdata-token-4d1f";
    private const long Cell = -6121211;
    private const string CellGranule = "ATL06_20240206054204_08782211_006_02.h5";
    private const string OtherGranule = "ATL06_20240223232054_11142211_006_02.h5";
    private const string Refused = "refused by the silo's access policy: ";

    [Fact]
    public async Task DirectEvent_LocalPathAndUnlistedHttpsHost_FailAsRefusedGranulesWithTheSilosReason_OnlyTheAllowedGranuleIsRead()
    {
        var store = await PrepareStoreAsync("policy-granules.zarr");
        await using var emulator = await world.StartEmulatorAsync(workers: 1, extraEnvironment: new Dictionary<string, string?> { ["EARTHDATA_TOKEN"] = Token });
        // A real, readable granule of this cell on this machine: refused for where it is, not for what it is.
        var local = Path.Combine(TestData.Fixture("small"), "granules", OtherGranule);
        Assert.True(File.Exists(local), local);
        var unlisted = "https://granules.example.org/ATL06/" + OtherGranule;

        var answer = await InvokeAsync(emulator, store, [$"s3://synthetic-atl06/ATL06/006/{CellGranule}", local, unlisted]);

        var response = Answered(answer, emulator);
        Assert.Equal(CellJobStatus.Written, response.Status);
        Assert.False(response.Retryable);
        Assert.Equal((3, 1, 2), (response.Outcome.GranuleCount, response.Outcome.FilesProcessed, response.Outcome.GranulesFailed));
        var alone = Answered(await InvokeAsync(emulator, store, [$"s3://synthetic-atl06/ATL06/006/{CellGranule}"]), emulator);
        Assert.Equal(alone.Outcome.TotalObs, response.Outcome.TotalObs);
        Assert.Contains(response.Outcome.Failures, f => f.Contains(Refused + "the file is outside", StringComparison.Ordinal));
        Assert.Contains(response.Outcome.Failures, f => f.Contains(Refused + "host granules.example.org", StringComparison.Ordinal));
        var output = string.Join('\n', emulator.WorkerOutput);
        Assert.Contains($"{Refused}the file is outside the allowed granule folders (none are allowed on this silo", output, StringComparison.Ordinal);
        Assert.Contains($"{Refused}host granules.example.org (or this path) is not an allowed granule source (allowed: https://data.nsidc.earthdatacloud.nasa.gov/",
            output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, output, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, Encoding.UTF8.GetString(answer.Payload), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectEvent_StoreOutsideAllowStores_IsAFunctionErrorNamingTheStore_AndWritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var bucket = "magg-lambda-not-allowed";
        await world.S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegionName = LambdaWorld.Region }, ct);
        var store = await PrepareStoreAsync("elsewhere.zarr", bucket);
        var before = await KeysAsync(bucket);
        await using var emulator = await world.StartEmulatorAsync(workers: 1);

        var answer = await InvokeAsync(emulator, store, [$"s3://synthetic-atl06/ATL06/006/{CellGranule}"]);

        Assert.Equal(LambdaInvocationKind.FunctionError, answer.Kind);
        Assert.Equal("Magg.StoreRefused", answer.ErrorType);
        Assert.Contains(
            $"store s3://{bucket}/elsewhere.zarr: refused by the function's access policy (MAGG_ALLOW_STORES): the store is not under an allowed store prefix (allowed: s3://{LambdaWorld.StoreBucket}/",
            answer.Message, StringComparison.Ordinal);
        Assert.Equal(before, await KeysAsync(bucket));
        Assert.Empty(emulator.Faults);
    }

    [Fact]
    public async Task DirectEvent_LoopbackSwitch_LetsLiteralLoopbackThrough_WithoutTheToken_ButNotANameResolvingToLoopback()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Path.Combine(TestData.Fixture("small"), "granules");
        await using var first = await RecordingServer.StartAsync(IPAddress.Loopback, FreePort.Next(), folder, null, ct);
        await using var second = await RecordingServer.StartAsync(IPAddress.Parse("127.0.0.2"), FreePort.Next(), folder, null, ct);
        var named = $"https://localhost:{new Uri(second.BaseUrl).Port.ToString(CultureInfo.InvariantCulture)}/";
        var store = await PrepareStoreAsync("policy-loopback.zarr");
        await using var emulator = await world.StartEmulatorAsync(workers: 1, extraEnvironment: new Dictionary<string, string?>
        {
            ["EARTHDATA_TOKEN"] = Token,
            ["MAGG_ALLOW_LOOPBACK_FOR_TESTS"] = "true",
            ["MAGG_ALLOW_GRANULES"] = $"s3://synthetic-atl06/,{named}",
        });

        // Redirected to another (loopback) host: followed hop by hop, and no hop carries the token.
        var answer = await InvokeAsync(emulator, store, [first.RedirectUrl($"{second.BaseUrl}/files/ATL06/{CellGranule}"), $"{named}files/ATL06/{OtherGranule}"]);

        var response = Answered(answer, emulator);
        Assert.Equal(CellJobStatus.Written, response.Status);
        Assert.Equal((1, 1), (response.Outcome.FilesProcessed, response.Outcome.GranulesFailed));
        Assert.Contains(response.Outcome.Failures, f => f.Contains(Refused + "host localhost resolves to", StringComparison.Ordinal));
        Assert.Contains(first.Requests, r => r.Path.StartsWith("/redirect/", StringComparison.Ordinal));
        Assert.Contains(second.Requests, r => r.Path.EndsWith(CellGranule, StringComparison.Ordinal));
        Assert.All(first.Requests.Concat(second.Requests), r => Assert.Null(r.Authorization));
        Assert.DoesNotContain(first.Requests.Concat(second.Requests), r => r.Headers.Values.Any(v => v.Contains(Token, StringComparison.Ordinal)));
        Assert.DoesNotContain(second.Requests, r => r.Path.EndsWith(OtherGranule, StringComparison.Ordinal));
        Assert.DoesNotContain(Token, string.Join('\n', emulator.WorkerOutput), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MAGG_ALLOW_STORES", "/srv/stores", "'/srv/stores' is a local folder: only the embedded silo writes local stores")]
    [InlineData("MAGG_ALLOW_GRANULES", "s3://synthetic-atl06/, ftp://granules.example.org/", "MAGG_ALLOW_GRANULES: 'ftp://granules.example.org/' is not https://host/ or https://host/prefix/ (plain http and other schemes are not allowed)")]
    [InlineData("MAGG_ALLOW_LOOPBACK_FOR_TESTS", "yes", "MAGG_ALLOW_LOOPBACK_FOR_TESTS is 'yes', not true or false")]
    public async Task Function_WithAMalformedAccessVariable_DoesNotStart_ReportingItAsItsInitError(string variable, string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            world.StartEmulatorAsync(workers: 1, extraEnvironment: new Dictionary<string, string?> { [variable] = value }));

        Assert.True(failure.Message.Contains(expected, StringComparison.Ordinal), failure.Message);
    }

    private async Task<List<string>> KeysAsync(string bucket)
    {
        var page = await world.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, TestContext.Current.CancellationToken);
        return [.. (page.S3Objects ?? []).Select(o => $"{o.Key} {o.ETag}").Order(StringComparer.Ordinal)];
    }

    private async Task<CellEventStore> PrepareStoreAsync(string name, string bucket = LambdaWorld.StoreBucket)
    {
        var layout = Layout();
        using var objects = new S3ObjectStore(world.S3, bucket, name);
        await new ZarrDggsStore(objects, layout).PrepareAsync(overwrite: false, TestContext.Current.CancellationToken);
        return new CellEventStore($"s3://{bucket}/{name}", LambdaWorld.Region, "none", 6, 5, "policy-tests");
    }

    private static DggsLayout Layout() => new(Config(), 6, 5, ChunkCompression.None, "policy-tests");

    private static PipelineConfig Config() => PipelineConfigLoader.Parse(ConfigYaml());

    private static string ConfigYaml() => BuiltInConfigs.TryGetText("atl06", out var yaml) ? yaml : throw new InvalidOperationException("no built-in atl06");

    /// <summary>Sends the event of <see cref="Cell"/> (chunk 0) with <paramref name="granules"/>, as anyone allowed to invoke the function could.</summary>
    private static async Task<LambdaInvocation> InvokeAsync(LambdaEmulator emulator, CellEventStore store, string[] granules)
    {
        var config = Config();
        var layout = Layout();
        var fingerprint = CellFingerprint.Compute(ConfigFingerprint.Compute(config), store.Location, store.Compression, layout.TemplateId, Cell, 0,
            store.TotalCells, store.ParentOrder, config.ChildOrder, granules);
        var cellEvent = new CellEvent(CellEvent.CurrentVersion, "direct", Cell, 0, granules, ConfigYaml(), store, fingerprint, layout.TemplateId);
        using var invoker = new LambdaInvoker(credentials: new BasicAWSCredentials(LambdaWorld.AccessKey, LambdaWorld.SecretKey),
            environment: name => name == "AWS_ENDPOINT_URL_LAMBDA" ? emulator.Endpoint : null);
        return await invoker.InvokeAsync("process-morton-cell", LambdaWorld.Region, cellEvent.Serialize(), TestContext.Current.CancellationToken);
    }

    private static CellEventResponse Answered(LambdaInvocation answer, LambdaEmulator emulator)
    {
        Assert.True(answer.Kind == LambdaInvocationKind.Answered, $"{answer.Kind} {answer.ErrorType}: {answer.Message}\n--- workers\n{string.Join('\n', emulator.WorkerOutput)}");
        return CellEventResponse.Parse(answer.Payload);
    }
}
