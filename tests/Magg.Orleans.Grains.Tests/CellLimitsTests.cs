using System.Net;
using System.Text.Json;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Grains.Security;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Magg.Orleans.Grains.Tests;

/// <summary>
/// The silo's cell limits on an embedded silo whose granules come from a loopback HTTP server: a cell stuck on a server
/// that never answers fails at the cell deadline and frees its worker, and however many workers a run asks for, no
/// more cells than the silo's limit read at once (counted at this test's own server, for this test's own run).
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class CellLimitsTests : IAsyncLifetime
{
    private const long Morton = -6121212;
    private readonly TemporaryFolder _folder = new();
    private RecordingServer _server = null!;

    private static string SmallGranules => Path.Combine(TestData.Fixture("small"), "granules");

    public async ValueTask InitializeAsync() =>
        _server = await RecordingServer.StartAsync(IPAddress.Loopback, FreePort.Next(), SmallGranules, certificate: null, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Agg_GranuleOnAServerThatNeverAnswers_FailsAtTheCellDeadline_AndFreesTheWorker()
    {
        // Arrange: one worker, a 2 s deadline (the request itself would wait 60 s for an answer).
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await StartAsync(deadline: TimeSpan.FromSeconds(2), maxConcurrent: 1, ct);
        var stalled = Request(Catalog("stalled", new() { [Morton] = [$"{_server.BaseUrl}/stall/ATL06_x.h5"] }), "stalled.zarr");
        var granule = Path.GetFileName(Directory.GetFiles(SmallGranules, "*.h5").Order(StringComparer.Ordinal).First());
        var healthy = Request(Catalog("healthy", new() { [Morton] = [$"{_server.BaseUrl}/files/{granule}"] }), "healthy.zarr");

        // Act
        var failed = Assert.IsType<RunResult>(await cluster.Client.AggAsync(stalled, cancellationToken: ct)).Summary;
        var busy = cluster.Services.GetRequiredService<CellSlots>().Busy;
        // The stalled read was cancelled, not left to its 60 s request timeout: the server sees its connection close.
        await Eventually.HoldsAsync(() => _server.OpenConnections == 0, "the stalled connection closing", TimeSpan.FromSeconds(30));
        var after = Assert.IsType<RunResult>(await cluster.Client.AggAsync(healthy, cancellationToken: ct)).Summary;

        // Assert: the cell failed for good with the deadline's message, after one attempt (not retried).
        var cell = Assert.Single(failed.Results);
        Assert.Equal((RunStatus.CompletedWithErrors, 1), (failed.Status, failed.CellsError));
        Assert.Equal(CellRecord.Bound($"{nameof(CellDeadlineException)}: cell {Morton} did not finish within the cell deadline of 00:00:02 (Magg:Cells:Deadline); "
            + "a granule may be stalled or never end"), cell.Error);
        Assert.Single(_server.Requests, r => r.Path.StartsWith("/stall/", StringComparison.Ordinal));
        // The worker is free: its slot is back, and the next run's cell got the silo's only slot.
        Assert.Equal(0, busy);
        Assert.Equal((RunStatus.Completed, 0), (after.Status, after.CellsError));
    }

    [Fact]
    public async Task Agg_RunAskingForManyWorkers_ReadsNoMoreCellsAtOnceThanTheSiloLimit()
    {
        // Arrange: every cell of the small fixture reads its granules from its own folder on the server; a request is
        // held until a second cell is reading too (or 1 s passed), so cells that may overlap do.
        var ct = TestContext.Current.CancellationToken;
        const int Limit = 2;
        await using var cluster = await StartAsync(deadline: TimeSpan.FromMinutes(5), maxConcurrent: Limit, ct);
        var meter = new CellMeter(Limit);
        _server.BeforeResponse = meter.HoldAsync;
        using var small = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(TestData.Fixture("small"), "catalog.json"), ct));
        var cells = small.RootElement.GetProperty("catalog").EnumerateObject().ToDictionary(
            p => long.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture),
            p => p.Value.EnumerateArray().Select(g => $"{_server.BaseUrl}/files/{p.Name}/{Path.GetFileName(g.GetString())}").ToArray());
        var request = Request(Catalog("many", cells), "many.zarr") with { MaxWorkers = 5 };

        // Act
        var summary = Assert.IsType<RunResult>(await cluster.Client.AggAsync(request, cancellationToken: ct)).Summary;

        // Assert
        Assert.Equal((RunStatus.Completed, 5, 0), (summary.Status, summary.TotalCells, summary.CellsError));
        Assert.Equal(5, meter.CellsSeen);
        Assert.Equal(Limit, meter.Peak);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    private static Task<MaggCluster> StartAsync(TimeSpan deadline, int maxConcurrent, CancellationToken ct) =>
        MaggCluster.StartEmbeddedAsync(silo =>
        {
            silo.Services.Configure<AccessOptions>(o => o.AllowLoopbackForTests = true);
            silo.Services.Configure<CellLimitsOptions>(o => (o.Deadline, o.MaxConcurrent) = (deadline, maxConcurrent));
        }, cancellationToken: ct);

    private AggRequest Request(string catalog, string store) => new() { Config = "atl06", Catalog = catalog, Store = _folder.File(store), MaxWorkers = 1 };

    private string Catalog(string name, Dictionary<long, string[]> cells)
    {
        var path = _folder.File(name + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            metadata = new { parent_order = 6 },
            catalog = cells.ToDictionary(c => c.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), c => c.Value),
        }));
        return path;
    }

    /// <summary>Counts the cells reading at once: a cell is reading while a request for a path under its folder is in flight.</summary>
    private sealed class CellMeter(int release)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, int> _inFlight = [];
        private readonly HashSet<string> _seen = [];

        public int Peak { get; private set; }

        public int CellsSeen
        {
            get
            {
                lock (_lock)
                {
                    return _seen.Count;
                }
            }
        }

        public async Task HoldAsync(RecordedRequest request)
        {
            var cell = request.Path.Split('/')[2];
            lock (_lock)
            {
                _inFlight[cell] = _inFlight.GetValueOrDefault(cell) + 1;
                _seen.Add(cell);
                Peak = Math.Max(Peak, _inFlight.Count);
            }

            try
            {
                var until = DateTime.UtcNow.AddSeconds(1);
                while (DateTime.UtcNow < until && Reading() < release)
                {
                    await Task.Delay(20);
                }
            }
            finally
            {
                lock (_lock)
                {
                    if (--_inFlight[cell] == 0)
                    {
                        _inFlight.Remove(cell);
                    }
                }
            }
        }

        private int Reading()
        {
            lock (_lock)
            {
                return _inFlight.Count;
            }
        }
    }
}
