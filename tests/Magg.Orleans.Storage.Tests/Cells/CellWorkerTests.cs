using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Storage.Tests.Cells;

/// <summary>The cell's work outside any grain, over the small fixture and a local store: stamps, ordering, trust.</summary>
public sealed class CellWorkerTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly RecordingObjectStore _objects;
    private readonly ZarrDggsStore _store;
    private readonly GranuleCatalog _catalog;
    private readonly CompiledPipeline _pipeline = new(Layouts.ReferenceConfig);

    public CellWorkerTests()
    {
        _catalog = GranuleCatalog.LoadAsync(Path.Combine(TestData.Fixture("small"), "catalog.json")).GetAwaiter().GetResult();
        _objects = new RecordingObjectStore(new LocalObjectStore(_folder.Path));
        _store = new ZarrDggsStore(_objects, new DggsLayout(Layouts.ReferenceConfig, 6, _catalog.TotalCells));
    }

    private CatalogCell Cell => _catalog.Cells[1];

    [Fact]
    public async Task RunAsync_NewCell_WritesChunksThenTheStamp_AndAWorkerWithoutStateTrustsItWithoutReading()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var template = (await _store.PrepareAsync(false, ct)).TemplateId;
        _objects.Clear();
        var job = Job(Granules(Cell), "fingerprint-1", template);

        // Act
        var first = await Worker(out _).RunAsync(job, _store, _pipeline, ct);
        var second = await Worker(out var granules).RunAsync(job with { RunId = "run-2" }, _store, _pipeline, ct);

        // Assert
        Assert.Equal((CellJobStatus.Written, true), (first.Status, first.Recorded));
        var writes = _objects.Operations.Where(o => o.Operation == "write").Select(o => o.Key).ToArray();
        Assert.Equal(_store.Layout.Arrays.Count + 1, writes.Length);
        Assert.Equal(_store.StampKey(1), writes[^1]);
        var stamp = (await _store.ReadStampAsync(1, ct))!;
        Assert.Equal(("fingerprint-1", CellJobStatus.Written, "run-1", template), (stamp.Fingerprint, stamp.Status, stamp.RunId, stamp.TemplateId));
        Assert.Equal(first.Record with { Failures = [], Details = [] }, stamp.Outcome with { Failures = [], Details = [] });
        Assert.Equal(CellJobStatus.UpToDate, second.Status);
        Assert.Equal(first.Record.TotalObs, second.Record.TotalObs);
        Assert.Empty(granules.Opened);
    }

    [Fact]
    public async Task RunAsync_StampWhoseChunkIsGone_ProcessesAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var template = (await _store.PrepareAsync(false, ct)).TemplateId;
        var job = Job(Granules(Cell), "fingerprint-1", template);
        await Worker(out _).RunAsync(job, _store, _pipeline, ct);
        await _objects.DeleteAsync(_store.Layout.ChunkKey(_store.Layout.CompletionArray.Name, 1), ct);

        var again = await Worker(out var granules).RunAsync(job, _store, _pipeline, ct);

        Assert.Equal(CellJobStatus.Written, again.Status);
        Assert.NotEmpty(granules.Opened);
        Assert.True(await _store.HasChunkAsync(1, ct));
    }

    [Fact]
    public async Task RunAsync_Rewrite_RemovesTheOldStampBeforeItsFirstChunkWrite()
    {
        // Arrange: the cell written, then its granule list changes.
        var ct = TestContext.Current.CancellationToken;
        var template = (await _store.PrepareAsync(false, ct)).TemplateId;
        await Worker(out _).RunAsync(Job(Granules(Cell), "fingerprint-1", template), _store, _pipeline, ct);
        _objects.Clear();

        // Act
        var rewrite = await Worker(out _).RunAsync(Job(Granules(Cell)[..^1], "fingerprint-2", template), _store, _pipeline, ct);

        // Assert: delete stamp, write every chunk, write stamp, in this order.
        Assert.Equal(CellJobStatus.Written, rewrite.Status);
        var operations = _objects.Operations;
        var stampKey = _store.StampKey(1);
        Assert.Equal(("delete", stampKey), operations[0]);
        Assert.Equal(("write", stampKey), operations[^1]);
        Assert.All(operations.Skip(1).SkipLast(1), o => Assert.Equal("write", o.Operation));
        Assert.Equal("fingerprint-2", (await _store.ReadStampAsync(1, ct))!.Fingerprint);
    }

    [Fact]
    public async Task RunAsync_StoreHoldsAnotherTemplate_WritesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await _store.PrepareAsync(false, ct);
        _objects.Clear();

        var conflict = await Assert.ThrowsAsync<StoreConflictException>(() =>
            Worker(out _).RunAsync(Job(Granules(Cell), "fingerprint-1", "another-template"), _store, _pipeline, ct));

        Assert.Contains("another-template", conflict.Message, StringComparison.Ordinal);
        Assert.Empty(_objects.Operations);
    }

    [Fact]
    public async Task RunAsync_CellNowWithoutGranules_KeepsOnlyItsCoordinates_ThenIsUpToDate()
    {
        var ct = TestContext.Current.CancellationToken;
        var template = (await _store.PrepareAsync(false, ct)).TemplateId;
        await Worker(out _).RunAsync(Job(Granules(Cell), "fingerprint-1", template), _store, _pipeline, ct);

        var empty = await Worker(out _).RunAsync(Job([], "fingerprint-0", template), _store, _pipeline, ct);
        var again = await Worker(out _).RunAsync(Job([], "fingerprint-0", template), _store, _pipeline, ct);

        Assert.Equal((CellJobStatus.Empty, CellOutcome.NoGranulesFound), (empty.Status, empty.Record.Error));
        Assert.Equal(CellJobStatus.UpToDate, again.Status);
        Assert.Equal(CellJobStatus.Empty, (await _store.ReadStampAsync(1, ct))!.Status);
        Assert.True(await _store.HasCoordinatesAsync(1, ct));
        Assert.False(await _store.HasChunkAsync(1, ct));
    }

    [Fact]
    public async Task RunAsync_NoDataAfterFiltering_WritesCoordinatesAndAStamp_ThenReadsNothingAgain()
    {
        // Arrange: granules of the north fixture hold no rows of this southern cell.
        var ct = TestContext.Current.CancellationToken;
        var template = (await _store.PrepareAsync(false, ct)).TemplateId;
        var north = await GranuleCatalog.LoadAsync(Path.Combine(TestData.Fixture("north"), "catalog.json"), ct);
        var job = Job([.. north.Cells[0].Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, north).AbsoluteUri)], "fingerprint-e", template);

        // Act
        var first = await Worker(out _).RunAsync(job, _store, _pipeline, ct);
        var second = await Worker(out var granules).RunAsync(job, _store, _pipeline, ct);

        // Assert
        Assert.Equal((CellJobStatus.Empty, CellOutcome.NoDataAfterFiltering), (first.Status, first.Record.Error));
        Assert.True(await _store.HasCoordinatesAsync(1, ct));
        Assert.False(await _store.HasChunkAsync(1, ct));
        Assert.Equal(CellJobStatus.Empty, (await _store.ReadStampAsync(1, ct))!.Status);
        Assert.Equal(CellJobStatus.UpToDate, second.Status);
        Assert.Empty(granules.Opened);
    }

    public void Dispose()
    {
        _objects.Dispose();
        _folder.Dispose();
    }

    private CellJob Job(string[] granules, string fingerprint, string templateId) =>
        new("run-1", Cell.ChunkIndex, Cell.ParentMorton, granules, fingerprint, templateId);

    private string[] Granules(CatalogCell cell) => [.. cell.Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, _catalog).AbsoluteUri)];

    private static CellWorker Worker(out CountingGranuleSource granules)
    {
        granules = new CountingGranuleSource();
        return new CellWorker(new CellProcessor(granules, TimeProvider.System, NullLogger<CellProcessor>.Instance), TimeProvider.System,
            NullLogger<CellWorker>.Instance);
    }
}
