using Magg.Orleans.Client;
using Magg.Orleans.Grains.Runs;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Runs whose own steps keep failing end <see cref="RunStatus.Failed"/> with the last error, after a bounded number of attempts.</summary>
[Collection(SharedCluster.Name)]
public sealed class RunFaultTests(ClusterFixture fixture) : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"magg-faults-{Guid.NewGuid():N}");
    private static readonly string SmallCatalog = Path.Combine(TestData.Fixture("small"), "catalog.json");

    [Fact]
    public async Task Agg_CorruptGroupDocument_FailsAtOnceNamingTheFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Path.Combine(_root, "corrupt.zarr");
        Directory.CreateDirectory(Path.Combine(store, "12"));
        await File.WriteAllTextAsync(Path.Combine(store, "12", "zarr.json"), "{ not json", ct);

        var summary = await RunAsync(Request(store), ct);

        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Contains("12/zarr.json is not valid JSON", summary.Error, StringComparison.Ordinal);
        Assert.StartsWith("preparing the store failed: ", summary.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agg_StoreThatCannotBeOpened_FailsAfterBoundedAttempts_AndIsNotRememberedAsBroken()
    {
        // Arrange: the store's folder cannot be created (its parent is a file).
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_root);
        var blocker = Path.Combine(_root, "blocker");
        await File.WriteAllTextAsync(blocker, "a file where a folder should be", ct);
        var store = Path.Combine(blocker, "out.zarr");

        // Act
        var failed = await RunAsync(Request(store), ct);
        File.Delete(blocker);
        var retried = await RunAsync(Request(store), ct);

        // Assert: three attempts (the fixture's MaxFaults), the last error shown; the same silos open it once it can be.
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.StartsWith($"preparing the store failed {ClusterFixture.RunOptions.MaxFaults} times in a row: ", failed.Error, StringComparison.Ordinal);
        Assert.Contains(blocker, failed.Error, StringComparison.Ordinal);
        Assert.Equal((RunStatus.Completed, 0), (retried.Status, retried.CellsError));
    }

    [Fact]
    public async Task Agg_BatchStateThatCannotBeWritten_FailsWithTheStoresError()
    {
        var ct = TestContext.Current.CancellationToken;
        var request = Request(Path.Combine(_root, "unwritable.zarr")) with { RunId = $"unwritable-{Guid.NewGuid():N}" };
        fixture.Storage.FailWrite = (name, id, state) => name == "batch" && id.ToString().Contains(request.RunId!, StringComparison.Ordinal)
            && state is BatchState { Begun: true };
        try
        {
            var summary = await RunAsync(request, ct);

            Assert.Equal(RunStatus.Failed, summary.Status);
            Assert.Contains("injected: the store refused to write batch", summary.Error, StringComparison.Ordinal);
            var progress = await fixture.Client.GetStatusAsync(request.RunId!);
            Assert.Equal(ClusterFixture.RunOptions.MaxFaults, progress.Faults);
        }
        finally
        {
            fixture.Storage.FailWrite = null;
        }
    }

    [Fact]
    public async Task Agg_StepFailingTwiceThenWorking_CompletesWithTheFaultsCountedAndEveryCoordinateRight()
    {
        // Arrange: the first two attempts to begin the run's batches fail.
        var ct = TestContext.Current.CancellationToken;
        var store = Path.Combine(_root, "flaky.zarr");
        var request = Request(store) with { RunId = $"flaky-{Guid.NewGuid():N}" };
        var failures = 0;
        fixture.Storage.FailWrite = (name, id, state) => name == "batch" && id.ToString().Contains(request.RunId!, StringComparison.Ordinal)
            && state is BatchState { Begun: true } && Interlocked.Increment(ref failures) <= 2;
        try
        {
            // Act
            var summary = await RunAsync(request, ct);

            // Assert
            Assert.Equal((RunStatus.Completed, 0), (summary.Status, summary.CellsError));
            Assert.Equal(2, (await fixture.Client.GetStatusAsync(request.RunId!)).Faults);
            await StoreAssert.HasCoordinatesOfAsync(store, SmallCatalog, ct);
        }
        finally
        {
            fixture.Storage.FailWrite = null;
        }
    }

    public void Dispose()
    {
        Folders.DeleteBestEffort(_root);
    }

    private static AggRequest Request(string store) => new() { Config = "atl06", Catalog = SmallCatalog, Store = store };

    private async Task<RunSummary> RunAsync(AggRequest request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        return Assert.IsType<RunResult>(await fixture.Client.AggAsync(request, cancellationToken: timeout.Token)).Summary;
    }
}
