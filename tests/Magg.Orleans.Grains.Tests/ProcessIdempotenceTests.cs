using Magg.Orleans.Client;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Magg.Orleans.Grains.Tests;

/// <summary>
/// The store, not a silo's memory, is the source of truth: a second embedded silo (what a new process starts) answers an
/// identical run from the completion stamps without opening a granule.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class ProcessIdempotenceTests : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"magg-idempotent-{Guid.NewGuid():N}.zarr");

    [Fact]
    public async Task Agg_SameRunInAFreshEmbeddedSilo_OpensNoGranule()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var request = new AggRequest { Config = "atl06", Catalog = Path.Combine(TestData.Fixture("small"), "catalog.json"), Store = _store };
        var (first, firstOpens) = await RunInNewSiloAsync(request, ct);

        // Act
        var (second, secondOpens) = await RunInNewSiloAsync(request, ct);

        // Assert
        Assert.Equal((RunStatus.Completed, 0, 5), (first.Status, first.CellsUpToDate, firstOpens > 0 ? 5 : 0));
        Assert.Equal((RunStatus.Completed, 5, 0), (second.Status, second.CellsUpToDate, secondOpens));
        Assert.Equal(first.TotalObs, second.TotalObs);
        Assert.Equal(first.Results.Select(r => (r.ParentMorton, r.TotalObs, r.CellsWithData)), second.Results.Select(r => (r.ParentMorton, r.TotalObs, r.CellsWithData)));
    }

    [Fact]
    public async Task Agg_ReattachToAHalfStartedRun_Completes()
    {
        // Arrange: a client loaded the run's batches and died before starting the run.
        var ct = TestContext.Current.CancellationToken;
        var request = new AggRequest
        {
            Config = "atl06", Catalog = Path.Combine(TestData.Fixture("small"), "catalog.json"), Store = _store, RunId = $"half-{Guid.NewGuid():N}",
        };
        await using var cluster = await MaggCluster.StartEmbeddedAsync(cancellationToken: ct);
        var grains = cluster.Services.GetRequiredService<IClusterClient>();
        var plan = await RunPlanner.PlanAsync(request, TimeProvider.System, ct);
        // What the embedded silo allowed that client's run (its catalog folder and store) before the batches came.
        cluster.Services.GetRequiredService<Core.Security.AccessPolicy>().Grant(plan.Access.GranuleSources, plan.Access.Stores);
        foreach (var batch in plan.Batches)
        {
            await grains.GetGrain<IRunBatchGrain>(RunKeys.Batch(plan.Header.RunId, batch.BatchIndex)).Load(plan.Context, batch);
        }

        var before = await cluster.Client.GetStatusAsync(plan.Header.RunId);

        // Act: the same request again, with the run id (what `submit --run-id` does).
        var result = Assert.IsType<RunResult>(await cluster.Client.AggAsync(request, cancellationToken: ct)).Summary;

        // Assert
        Assert.Equal(RunStatus.Unknown, before.Status);
        Assert.Equal((RunStatus.Completed, 5, 0), (result.Status, result.TotalCells, result.CellsError));
    }

    public void Dispose()
    {
        Folders.DeleteBestEffort(_store);
    }

    private static async Task<(RunSummary Summary, int Opens)> RunInNewSiloAsync(AggRequest request, CancellationToken ct)
    {
        var granules = new CountingGranuleSource();
        var cluster = await MaggCluster.StartEmbeddedAsync(silo => silo.Services.AddSingleton<IGranuleSource>(granules), cancellationToken: ct);
        await using (cluster)
        {
            var summary = Assert.IsType<RunResult>(await cluster.Client.AggAsync(request, cancellationToken: ct)).Summary;
            return (summary, granules.Opened.Count);
        }
    }
}
