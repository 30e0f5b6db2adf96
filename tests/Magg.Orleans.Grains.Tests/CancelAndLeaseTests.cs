using Magg.Orleans.Client;
using Magg.Orleans.Grains.Runs;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Leases: a cancelled run stops at once and dispatches nothing more; a slow cell that is alive keeps its lease.</summary>
[Collection(SharedCluster.Name)]
public sealed class CancelAndLeaseTests(ClusterFixture fixture, DemoDataFixture demo) : IDisposable
{
    private readonly string _store = Path.Combine(Path.GetTempPath(), $"magg-leases-{Guid.NewGuid():N}.zarr");

    [Fact]
    public async Task Cancel_WhileCellsAreStuck_EndsCancelledWithinSecondsAndDispatchesNothingAgain()
    {
        // Arrange: two cells at work and stuck in their granule reads.
        var ct = TestContext.Current.CancellationToken;
        var plan = await RunPlanner.PlanAsync(Request() with { MaxWorkers = 2 }, TimeProvider.System, ct);
        var runId = plan.Header.RunId;
        using var listener = new ActiveCellsListener(plan.Header.Store.Id);
        using var hold = fixture.Granules.Hold(demo.GranulesFolder);
        fixture.Granules.Reset();
        await fixture.Client.SubmitAsync(plan);
        await Eventually.HoldsAsync(() => listener.Current == 2, "two cells at work");

        // Act
        var cancelledAt = DateTime.UtcNow;
        await fixture.Client.CancelAsync(runId);
        var final = await Eventually.HoldsAsync(() => fixture.Client.GetStatusAsync(runId), p => p.IsFinished, "the run ending");
        var took = DateTime.UtcNow - cancelledAt;
        var opensAtEnd = fixture.Granules.OpenedUnder(demo.GranulesFolder);

        // The stuck cells outlive their lease: a batch of a cancelled run takes them back instead of dispatching them again.
        var batch = fixture.Cluster.Client.GetGrain<IRunBatchGrain>(RunKeys.Batch(runId, 0));
        await Eventually.HoldsAsync(() => batch.Tick(), s => s.InFlight == 0, "the expired leases of the cancelled batch being taken back",
            TimeSpan.FromSeconds(60));

        // Assert
        Assert.Equal(RunStatus.Cancelled, final.Status);
        Assert.True(took < TimeSpan.FromSeconds(30), $"cancelling took {took}");
        Assert.Equal(opensAtEnd, fixture.Granules.OpenedUnder(demo.GranulesFolder));
        Assert.Equal(2, listener.Peak);
    }

    [Fact]
    public async Task Agg_CellSlowerThanItsLeaseButAlive_IsNotDispatchedAgain()
    {
        // Arrange: one cell whose reads wait twice as long as the lease.
        var ct = TestContext.Current.CancellationToken;
        var plan = await RunPlanner.PlanAsync(Request() with { MaxCells = 1 }, TimeProvider.System, ct);
        using var listener = new ActiveCellsListener(plan.Header.Store.Id);

        // Act
        using (fixture.Granules.Hold(demo.GranulesFolder))
        {
            await fixture.Client.SubmitAsync(plan);
            await Eventually.HoldsAsync(() => listener.Current == 1, "the cell at work");
            await Task.Delay(ClusterFixture.RunOptions.CellLease * 2, ct);
        }

        RunProgress last = null!;
        await foreach (var progress in fixture.Client.WatchAsync(plan.Header.RunId, ct))
        {
            last = progress;
        }

        // Assert: its heartbeats kept the lease; it ran once, as its first attempt.
        var batchId = fixture.Cluster.Client.GetGrain<IRunBatchGrain>(RunKeys.Batch(plan.Header.RunId, 0)).GetGrainId();
        var cell = fixture.Storage.Get<BatchState>("batch", batchId)!.Cells[0];
        Assert.Equal((RunStatus.Completed, 1), (last.Status, last.CellsDone));
        Assert.Equal((1, 0), (cell.Attempt, cell.LeaseExpiries));
        Assert.Equal(1, listener.Peak);
    }

    public void Dispose()
    {
        // Best effort: cells released from a hold at the end of a test may still be writing into the store.
        for (var attempt = 0; attempt < 20 && Directory.Exists(_store); attempt++)
        {
            try
            {
                Directory.Delete(_store, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
        }
    }

    private AggRequest Request() => new() { Config = "atl06", Catalog = demo.Data.CatalogPath, Store = _store };
}
