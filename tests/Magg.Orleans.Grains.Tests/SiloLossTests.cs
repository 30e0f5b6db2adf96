using Magg.Orleans.Client;
using Magg.Orleans.Synthetic;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Grains.Tests;

/// <summary>A silo dies in the middle of a 40-cell run: the run still completes, exactly, on the survivor.</summary>
public sealed class SiloLossTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>, IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"magg-silo-loss-{Guid.NewGuid():N}");
    private DemoDataset _data = null!;

    public async ValueTask InitializeAsync() =>
        _data = await DemoDatasetBuilder.CreateAsync(Path.Combine(_root, "data"), DemoOptions.Antarctica with { TargetObservations = 400_000 },
            TestContext.Current.CancellationToken);

    [Fact]
    public async Task Agg_SiloKilledMidRun_CompletesWithChunksIdenticalToAFaultFreeRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var faultFree = Path.Combine(_root, "fault-free.zarr");
        var survived = Path.Combine(_root, "survived.zarr");
        var reference = Assert.IsType<RunResult>(await fixture.Client.AggAsync(Request(faultFree), cancellationToken: ct)).Summary;
        Assert.Equal((RunStatus.Completed, 40), (reference.Status, reference.TotalCells));

        var plan = await RunPlanner.PlanAsync(Request(survived), TimeProvider.System, ct);
        await fixture.Client.SubmitAsync(plan);
        await foreach (var progress in fixture.Client.WatchAsync(plan.Header.RunId, ct))
        {
            if (progress.CellsDone >= 4)
            {
                break;
            }
        }

        var doneAtKill = (await fixture.Client.GetStatusAsync(plan.Header.RunId)).CellsDone;
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos[1], ct);
        RunProgress last = null!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        try
        {
            await foreach (var progress in fixture.Client.WatchAsync(plan.Header.RunId, timeout.Token))
            {
                last = progress;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Assert.Fail($"the run did not finish within 4 minutes after the silo loss; last progress: {last}");
        }

        var summary = await fixture.Client.GetSummaryAsync(plan.Header.RunId, ct);
        Assert.True(doneAtKill < 40, "the silo must die in the middle of the run");
        Assert.True(summary.CellsError == 0, string.Join("; ", summary.Results.Where(r => r.Error is not null).Select(r => r.Error).Distinct().Take(5)));
        Assert.Equal((RunStatus.Completed, 40, 40, 0), (last.Status, last.CellsDone, summary.Results.Length, summary.CellsError));
        Assert.Equal(_data.ExpectedObservations, summary.TotalObs);
        Assert.Equal(reference.TotalObs, summary.TotalObs);
        Assert.Equal(summary.Results.Select(r => r.ParentMorton).Distinct().Count(), summary.Results.Length);
        var expectedFiles = Files(faultFree);
        Assert.Equal(expectedFiles.Keys.Order(StringComparer.Ordinal), Files(survived).Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in Files(survived))
        {
            Assert.True(bytes.AsSpan().SequenceEqual(expectedFiles[name]), $"{name} differs from the fault-free run");
        }
    }

    public ValueTask DisposeAsync()
    {
        Folders.DeleteBestEffort(_root);
        return ValueTask.CompletedTask;
    }

    private AggRequest Request(string store) => new() { Config = "atl06", Catalog = _data.CatalogPath, Store = store, MaxWorkers = 4 };

    /// <summary>The Zarr objects of a store (not Magg's own records under <c>_magg/</c>, which name the run and the time).</summary>
    private static Dictionary<string, byte[]> Files(string store) =>
        Directory.GetFiles(store, "*", SearchOption.AllDirectories)
            .Select(f => (Key: Path.GetRelativePath(store, f), Path: f))
            .Where(f => !f.Key.StartsWith("_magg", StringComparison.Ordinal))
            .ToDictionary(f => f.Key, f => File.ReadAllBytes(f.Path), StringComparer.Ordinal);
}
