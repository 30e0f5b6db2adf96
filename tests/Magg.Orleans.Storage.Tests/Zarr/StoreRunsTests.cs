using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Magg.Orleans.Storage.Tests.Zarr;

/// <summary>Runs sharing one store: the catalog in the template's identity, the store lock, run registrations, overwrite.</summary>
public sealed class StoreRunsTests : IDisposable
{
    private static readonly string CatalogA = CatalogDigest.Of(Layouts.SmallParents);
    private static readonly string CatalogB = CatalogDigest.Of(Layouts.SmallParents.Reverse());

    private readonly TemporaryFolder _folder = new();
    private readonly LocalObjectStore _objects;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public StoreRunsTests() => _objects = new LocalObjectStore(_folder.Path);

    [Fact]
    public void TemplateId_DependsOnTheCatalogsCellList()
    {
        Assert.NotEqual(Layout(CatalogA).TemplateId, Layout(CatalogB).TemplateId);
        Assert.Equal(Layout(CatalogA).TemplateId, Layout(CatalogDigest.Of([.. Layouts.SmallParents])).TemplateId);
        Assert.NotEqual(CatalogA, CatalogDigest.Of(Layouts.SmallParents.Take(4)));
    }

    [Fact]
    public async Task PrepareAsync_AnotherCatalogWithTheSameCellCount_IsAConflictNamingTheCatalog()
    {
        var ct = TestContext.Current.CancellationToken;
        await Store(CatalogA).PrepareForRunAsync("run-a", overwrite: false, ct);

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() => Store(CatalogB).PrepareForRunAsync("run-b", overwrite: false, ct));

        Assert.Contains($"catalog cells: store {CatalogA}, run {CatalogB}", conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareForRunAsync_OverwriteWhileAnotherRunWrites_IsRefusedUntilThatRunFinishes()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        await Store(CatalogA).PrepareForRunAsync("run-a", overwrite: false, ct);

        // Act
        var refused = await Assert.ThrowsAsync<StoreBusyException>(() => Store(CatalogB).PrepareForRunAsync("run-b", overwrite: true, ct));
        var sameRunAgain = await Store(CatalogA).PrepareForRunAsync("run-a", overwrite: true, ct);
        await Store(CatalogA).FinishRunAsync("run-a", consolidate: true, ct);
        var afterwards = await Store(CatalogB).PrepareForRunAsync("run-b", overwrite: true, ct);

        // Assert
        Assert.Contains("run run-a is writing into it", refused.Message, StringComparison.Ordinal);
        Assert.True(sameRunAgain.Created);
        Assert.Equal((Layout(CatalogB).TemplateId, true), (afterwards.TemplateId, afterwards.Created));
        Assert.Equal(["run-b"], (await Store(CatalogB).ActiveRunsAsync(cancellationToken: ct)).Select(r => r.RunId));
    }

    [Fact]
    public async Task PrepareForRunAsync_OverwriteAfterTheOtherRunStoppedRenewing_Proceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        await Store(CatalogA).PrepareForRunAsync("run-a", overwrite: false, ct);
        _time.Advance(TimeSpan.FromMinutes(9));
        await Assert.ThrowsAsync<StoreBusyException>(() => Store(CatalogB).PrepareForRunAsync("run-b", overwrite: true, ct));

        _time.Advance(TimeSpan.FromMinutes(2));
        var taken = await Store(CatalogB).PrepareForRunAsync("run-b", overwrite: true, ct);

        Assert.True(taken.Created);
    }

    [Fact]
    public async Task PrepareForRunAsync_SameTemplateAtOnce_IsCreatedOnceAndReusedOnce()
    {
        var ct = TestContext.Current.CancellationToken;

        var both = await Task.WhenAll(Store(CatalogA).PrepareForRunAsync("run-a", false, ct), Store(CatalogA).PrepareForRunAsync("run-b", false, ct));

        Assert.Equal([false, true], both.Select(s => s.Created).Order());
        Assert.Equal(["run-a", "run-b"], (await Store(CatalogA).ActiveRunsAsync(cancellationToken: ct)).Select(r => r.RunId).Order());
    }

    [Fact]
    public async Task PrepareAsync_Overwrite_RemovesTheCellsStampsButNotOtherRunsRegistrations()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var store = Store(CatalogA);
        var template = (await store.PrepareForRunAsync("run-a", false, ct)).TemplateId;
        await store.WriteStampAsync(new CellStamp("f", CellJobStatus.Written, CellRecord.Failed(Layouts.SmallParents[2], 1, "x"), "run-a", _time.GetUtcNow(), template, 2), ct);
        await store.FinishRunAsync("run-a", consolidate: false, ct);
        await store.PrepareForRunAsync("run-c", false, ct);

        // Act
        await store.PrepareForRunAsync("run-c", overwrite: true, ct);

        // Assert
        Assert.Null(await store.ReadStampAsync(2, ct));
        Assert.False(await _objects.ExistsAsync(store.StampKey(2), ct));
        Assert.Equal(["run-c"], (await store.ActiveRunsAsync(cancellationToken: ct)).Select(r => r.RunId));
    }

    public void Dispose()
    {
        _objects.Dispose();
        _folder.Dispose();
    }

    private static DggsLayout Layout(string catalogDigest) => new(Layouts.ReferenceConfig, 6, 5, catalogDigest: catalogDigest);

    private ZarrDggsStore Store(string catalogDigest) =>
        new(_objects, Layout(catalogDigest), new StoreLeaseOptions(StoreLockOptions.Default, TimeSpan.FromMinutes(10)), _time);
}
