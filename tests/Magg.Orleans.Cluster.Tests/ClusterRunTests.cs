using System.Globalization;
using Magg.Orleans.Client;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>
/// A 40-cell run on three silo processes (Redis membership, DynamoDB state, granules and store on S3) loses the silo
/// that hosts its run grain, its client, then a second silo, and still completes exactly; a fresh cluster over the same
/// Redis and DynamoDB reports it and answers an identical resubmit without reading a granule.
/// </summary>
public sealed class ClusterRunTests(ClusterServers servers) : IClassFixture<ClusterServers>, IAsyncDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);
    private readonly LocalCluster _cluster = new(servers);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    [Fact]
    public async Task Run_SilosAndClientKilledMidRun_CompletesExactlyAndSurvivesAClusterRestart()
    {
        ClusterServers.Require();
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await RunScenarioAsync(ct);
        }
        catch (Exception)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(_cluster.Processes.Transcripts());
            throw;
        }
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    private async Task RunScenarioAsync(CancellationToken ct)
    {
        var data = servers.Data;
        var cells = data.Cells.Count;
        Assert.True(cells >= 40, $"the data set has {cells} cells");
        var silos = (await Task.WhenAll(_cluster.StartSiloAsync(image: false, ct), _cluster.StartSiloAsync(image: false, ct), _cluster.StartSiloAsync(image: true, ct))).ToList();
        // The test's own client: a call lost with a killed gateway is retried after 5 s rather than Orleans' 30 s.
        await using var observer = await MaggCluster.ConnectAsync(LocalCluster.GatewayList(silos), LocalCluster.ClusterId, LocalCluster.ServiceId,
            client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)), cancellationToken: ct);
        Log($"3 silos joined (one through the image's entry point); {cells} cells, {data.ExpectedObservations} observations");

        // A fault-free run: the bytes every other run must reproduce.
        var reference = _cluster.StartCli("submit (fault-free)", silos, Submit("fault-free.zarr"));
        Assert.True(await reference.WaitForExitAsync(RunTimeout, ct) == 0, reference.Transcript);
        Assert.Equal(Text(data.ExpectedObservations), reference.Field("total_obs"));
        Log("fault-free run done");

        // The run under test: its run grain's silo dies at a third, its client dies, a reattached client watches it
        // lose a second silo.
        var runId = "cluster-" + Guid.NewGuid().ToString("N")[..12];
        var client = _cluster.StartCli("submit (killed)", silos, Submit("survived.zarr", runId));
        var atFirstKill = await WaitForCellsDoneAsync(observer.Client, runId, cells / 3, client, ct);
        var firstHost = await RunGrainHostAsync(observer, runId, silos, ct);
        firstHost.Process.Kill();
        client.Kill();
        Log($"SIGKILL {firstHost.Process.Name} (hosts run {runId}) at {atFirstKill.CellsDone} cells done, and the submitting client");
        var reattached = _cluster.StartCli("submit --run-id (reattached)", silos, Submit("survived.zarr", runId));
        var atSecondKill = await WaitForCellsDoneAsync(observer.Client, runId, atFirstKill.CellsDone + 3, reattached, ct);
        var secondHost = await RunGrainHostAsync(observer, runId, silos.Where(s => !s.Process.HasExited), ct);
        secondHost.Process.Kill();
        Log($"SIGKILL {secondHost.Process.Name} (hosts the run now) at {atSecondKill.CellsDone} cells done");
        Assert.True(await reattached.WaitForExitAsync(RunTimeout, ct) == 0, reattached.Transcript);
        Log("the reattached client saw the run complete");

        Assert.True(atFirstKill.CellsDone < cells && atSecondKill.CellsDone < cells,
            $"both silos must die mid-run (cells done at the kills: {atFirstKill.CellsDone}, {atSecondKill.CellsDone} of {cells})");
        Assert.NotSame(firstHost, secondHost);
        Assert.Equal((runId, "Completed", Text(data.ExpectedObservations)),
            (reattached.Field("run_id"), reattached.Field("status"), reattached.Field("total_obs")));
        var summary = await observer.Client.GetSummaryAsync(runId, ct);
        Assert.Equal((RunStatus.Completed, cells, 0, data.ExpectedObservations), (summary.Status, summary.Results.Length, summary.CellsError, summary.TotalObs));
        Assert.Equal(data.Cells.Select(c => c.ParentMorton).Order(), summary.Results.Select(r => r.ParentMorton).Order());
        Assert.All(summary.Results, r => Assert.Equal(data.ExpectedObservationsOf(r.ParentMorton), r.TotalObs));
        using var s3 = servers.CreateS3Client();
        var expected = await StoreObjects.ReadAllAsync(s3, ClusterServers.StoreBucket, "fault-free.zarr", ct);
        await AssertStoreEqualsAsync(expected, "survived.zarr", ct);

        // A fresh cluster over the same Redis and DynamoDB.
        foreach (var silo in silos)
        {
            await silo.Process.StopAsync(TimeSpan.FromSeconds(30), ct);
        }

        var fresh = await Task.WhenAll(_cluster.StartSiloAsync(image: false, ct), _cluster.StartSiloAsync(image: true, ct));
        Log("all silos stopped; 2 fresh silos joined");
        var status = _cluster.StartCli("status", fresh, "status", runId);
        Assert.True(await status.WaitForExitAsync(RunTimeout, ct) == 0, status.Transcript);
        Assert.Equal(
            ["status: Completed", $"cells: {Text(cells)} done, 0 failed, 0 in flight, 0 pending of {Text(cells)}", $"total_obs: {Text(data.ExpectedObservations)}"],
            status.OutputLines.Where(l => l.StartsWith("status:", StringComparison.Ordinal) || l.StartsWith("cells:", StringComparison.Ordinal)
                || l.StartsWith("total_obs:", StringComparison.Ordinal)));

        var requestsBefore = servers.Moto.Requests.Count;
        var again = _cluster.StartCli("submit (identical, fresh cluster)", fresh, Submit("survived.zarr"));
        Assert.True(await again.WaitForExitAsync(RunTimeout, ct) == 0, again.Transcript);
        var granuleRequests = servers.Moto.Requests.Skip(requestsBefore).Where(r => r.Contains("/magg-synthetic/", StringComparison.Ordinal)).ToArray();
        Assert.True(granuleRequests.Length == 0, $"an identical resubmit read granules:\n{string.Join('\n', granuleRequests.Take(10))}");
        Assert.Equal(("Completed", Text(data.ExpectedObservations)), (again.Field("status"), again.Field("total_obs")));
        await AssertStoreEqualsAsync(expected, "survived.zarr", ct);
        Log("identical resubmit on the fresh cluster: up to date, no granule request");
    }

    private void Log(string message) =>
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:F1}s] {message}"));

    private async Task AssertStoreEqualsAsync(SortedDictionary<string, byte[]> expected, string store, CancellationToken ct)
    {
        using var s3 = servers.CreateS3Client();
        var actual = await StoreObjects.ReadAllAsync(s3, ClusterServers.StoreBucket, store, ct);
        Assert.Equal(expected.Keys, actual.Keys);
        var different = expected.Keys.Where(k => !expected[k].AsSpan().SequenceEqual(actual[k])).ToArray();
        Assert.True(different.Length == 0, $"{store}: {different.Length} objects differ from the fault-free run: {string.Join(", ", different.Take(10))}");
    }

    private string[] Submit(string store, string? runId = null) =>
    [
        "submit", "--config", "atl06", "--catalog", servers.Data.S3CatalogPath, "--store", $"s3://{ClusterServers.StoreBucket}/{store}",
        "--max-workers", "2", .. runId is null ? Array.Empty<string>() : ["--run-id", runId],
    ];

    /// <summary>Polls the run until at least <paramref name="done"/> cells are done; fails if it finishes first or its client exits.</summary>
    private static async Task<RunProgress> WaitForCellsDoneAsync(MaggClient client, string runId, int done, ChildProcess submitter, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (true)
        {
            var progress = await client.GetStatusAsync(runId);
            if (progress.CellsDone >= done)
            {
                return progress;
            }

            Assert.False(progress.IsFinished, $"run {runId} finished before {done} cells were done: {progress}");
            Assert.False(submitter.HasExited, $"{submitter.Name} exited before {done} cells were done ({progress}):\n{submitter.Transcript}");
            Assert.True(DateTime.UtcNow < deadline, $"run {runId} did not reach {done} done cells within {RunTimeout}: {progress}");
            await Task.Delay(200, ct);
        }
    }

    /// <summary>The silo that hosts the run grain, as the cluster's management grain locates its activation.</summary>
    private static async Task<SiloProcess> RunGrainHostAsync(MaggCluster cluster, string runId, IEnumerable<SiloProcess> candidates, CancellationToken ct)
    {
        var client = cluster.Services.GetRequiredService<IClusterClient>();
        var management = client.GetGrain<IManagementGrain>(0);
        var run = client.GetGrain<IRunGrain>(runId);
        var live = candidates.ToArray();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        string seen = "nothing";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var address = await management.GetActivationAddress(run, ct);
                seen = address?.ToString() ?? "no activation";
                if (address is not null && live.SingleOrDefault(s => s.SiloPort == address.Endpoint.Port) is { } host)
                {
                    return host;
                }
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                seen = e.Message;
            }

            await Task.Delay(200, ct);
        }

        throw new Xunit.Sdk.XunitException($"the run grain of {runId} is on none of the live silos ({string.Join(", ", live.Select(s => s.SiloPort))}); last answer: {seen}");
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
