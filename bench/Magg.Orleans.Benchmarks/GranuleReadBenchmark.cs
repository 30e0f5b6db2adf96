using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Storage.Granules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Magg.Orleans.Benchmarks;

/// <summary>
/// Remote granule reads of the <c>small</c> fixture on loopback: S3 through a moto_server the section starts (skipped
/// when moto_server is not on the PATH) and HTTP with a bearer token through an in-process Kestrel server. Prints
/// whole-granule read throughput, ProcessCell time and range requests per cell.
/// </summary>
internal sealed class GranuleReadBenchmark : IBenchmarkSection
{
    private const string Token = "bench-bearer-token";
    private const int Repeats = 5;

    public string Name => "granules";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        var fixture = FindSmallFixture();
        var s3Catalog = await GranuleCatalog.LoadAsync(Path.Combine(fixture, "catalog_s3.json"), cancellationToken).ConfigureAwait(false);
        var files = Directory.GetFiles(Path.Combine(fixture, "granules"), "*.h5").ToDictionary(f => Path.GetFileName(f), StringComparer.Ordinal);
        var pipeline = new CompiledPipeline(BuiltInConfigs.Get("atl06"));
        report.Note(Name, $"small fixture: {files.Count} granules ({files.Values.Sum(f => new FileInfo(f).Length) / 1e6:F2} MB), {s3Catalog.Cells.Count} cells, loopback, best of {Repeats}");

        await MeasureLocalAsync(report, fixture, pipeline, cancellationToken).ConfigureAwait(false);
        var http = await FileServer.StartAsync(files, cancellationToken).ConfigureAwait(false);
        await using (http.ConfigureAwait(false))
        {
            var catalog = WithHttpsBase(s3Catalog, http.BaseUrl + "/data");
            await MeasureAsync(report, "http", catalog, GranuleDriver.Https,
                options => new HttpsGranuleSource(_ => ValueTask.FromResult(Token), options), pipeline, cancellationToken).ConfigureAwait(false);
        }

        if (LocalMotoServer.Executable is not { } moto)
        {
            report.Note(Name, "s3 skipped: moto_server is not on the PATH (pip install \"moto[server]\")");
            return;
        }

        var s3 = await LocalMotoServer.StartAsync(moto, cancellationToken).ConfigureAwait(false);
        await using var stopMoto = s3.ConfigureAwait(false);
        await UploadAsync(s3, s3Catalog, files, cancellationToken).ConfigureAwait(false);
        var credentials = new S3TemporaryCredentials(LocalMotoServer.Key, LocalMotoServer.Key, "bench-session-token");
        await MeasureAsync(report, "s3", s3Catalog, GranuleDriver.S3,
            options => new S3GranuleSource(_ => ValueTask.FromResult(credentials), new S3GranuleSourceOptions
            {
                Region = LocalMotoServer.Region,
                ServiceUrl = s3.Endpoint,
                ForcePathStyle = true,
                Cache = options.Cache,
            }), pipeline, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same cells from local files, as the baseline the remote figures compare with.</summary>
    private async Task MeasureLocalAsync(BenchmarkReport report, string fixture, CompiledPipeline pipeline, CancellationToken cancellationToken)
    {
        var catalog = await GranuleCatalog.LoadAsync(Path.Combine(fixture, "catalog.json"), cancellationToken).ConfigureAwait(false);
        var cells = catalog.Cells.Select(c => (c.ParentMorton, Granules: c.Granules.Select(g => GranuleLocator.Resolve(g, GranuleDriver.S3, catalog)).ToArray())).ToArray();
        async Task ProcessAll()
        {
            // A new processor each pass: its decoded-chunk cache starts cold, so every pass reads the granules again.
            using var processor = new CellProcessor(new LocalGranuleSource(), TimeProvider.System, NullLogger<CellProcessor>.Instance);
            foreach (var (parent, addresses) in cells)
            {
                await processor.ProcessAsync(parent, addresses, pipeline, cancellationToken).ConfigureAwait(false);
            }
        }

        await ProcessAll().ConfigureAwait(false);
        var seconds = await BenchmarkReport.BestOfAsync(Repeats, ProcessAll).ConfigureAwait(false);
        report.Figure(Name, "local files (baseline): ProcessCell, per cell, cold cache", seconds * 1000 / cells.Length, "ms");
    }

    private async Task MeasureAsync(BenchmarkReport report, string transport, GranuleCatalog catalog, GranuleDriver driver,
        Func<RemoteGranuleOptions, IRemoteGranuleSource> createSource, CompiledPipeline pipeline, CancellationToken cancellationToken)
    {
        var cells = catalog.Cells.Select(c => (c.ParentMorton, Granules: c.Granules.Select(g => GranuleLocator.Resolve(g, driver, catalog)).ToArray())).ToArray();
        var granules = cells.SelectMany(c => c.Granules).Distinct().ToArray();

        foreach (var (label, cache) in new[]
        {
            ("512 KiB blocks", new RangeCacheOptions()),
            ("64 KiB blocks", new RangeCacheOptions { BlockSize = 64 * 1024, ReadAheadBlocks = 3 }),
        })
        {
            using var source = createSource(new RemoteGranuleOptions { Cache = cache });
            var statistics = source.Statistics;

            long bytes = 0;
            async Task ReadAll()
            {
                bytes = 0;
                foreach (var granule in granules)
                {
                    var stream = await source.OpenAsync(granule, cancellationToken).ConfigureAwait(false);
                    await using (stream.ConfigureAwait(false))
                    {
                        var buffer = new byte[64 * 1024];
                        int read;
                        while ((read = stream.Read(buffer)) > 0)
                        {
                            bytes += read;
                        }
                    }
                }
            }

            await ReadAll().ConfigureAwait(false);
            var readSeconds = await BenchmarkReport.BestOfAsync(Repeats, ReadAll).ConfigureAwait(false);
            report.Figure(Name, $"{transport} {label}: whole granules, sequential", bytes / readSeconds / 1e6, "MB/s");

            async Task ProcessAll()
            {
                using var processor = new CellProcessor(source, TimeProvider.System, NullLogger<CellProcessor>.Instance);
                foreach (var (parent, addresses) in cells)
                {
                    await processor.ProcessAsync(parent, addresses, pipeline, cancellationToken).ConfigureAwait(false);
                }
            }

            await ProcessAll().ConfigureAwait(false);
            var before = statistics.Snapshot();
            var processSeconds = await BenchmarkReport.BestOfAsync(Repeats, ProcessAll).ConfigureAwait(false);
            var perRun = statistics.Snapshot() - before;
            var fetched = perRun.BytesFetched / (double)Repeats;
            report.Figure(Name, $"{transport} {label}: ProcessCell, per cell, cold cache", processSeconds * 1000 / cells.Length, "ms");
            report.Figure(Name, $"{transport} {label}: ProcessCell, bytes fetched / time", fetched / processSeconds / 1e6, "MB/s");
            report.Figure(Name, $"{transport} {label}: range requests per cell", perRun.Requests / (double)Repeats / cells.Length, "requests");
            report.Figure(Name, $"{transport} {label}: range requests per granule open", perRun.Requests / (double)perRun.Opens, "requests");
        }
    }

    private static GranuleCatalog WithHttpsBase(GranuleCatalog catalog, string httpsBase)
    {
        var root = new JsonObject
        {
            ["metadata"] = catalog.Metadata.Raw.DeepClone(),
            ["catalog"] = new JsonObject(catalog.Cells.Select(c => KeyValuePair.Create<string, JsonNode?>(
                c.ParentMorton.ToString(CultureInfo.InvariantCulture), new JsonArray(c.Granules.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray())))),
        };
        root["metadata"]!["https_base"] = httpsBase;
        return GranuleCatalog.Parse(root.ToJsonString(), catalog.BaseDirectory);
    }

    private static string FindSmallFixture()
    {
        var copied = Path.Combine(BenchmarkReport.DataRoot, "fixtures", "small");
        if (Directory.Exists(copied))
        {
            return copied;
        }

        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "data", "fixtures", "small");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/data/fixtures/small not found next to the benchmark or above it.");
    }

    /// <summary>Kestrel on loopback serving granules by file name with range support, behind a bearer token.</summary>
    private sealed class FileServer(WebApplication app, string baseUrl) : IAsyncDisposable
    {
        public string BaseUrl => baseUrl;

        public static async Task<FileServer> StartAsync(Dictionary<string, string> files, CancellationToken cancellationToken)
        {
            var baseUrl = $"http://127.0.0.1:{LocalMotoServer.FreePort().ToString(CultureInfo.InvariantCulture)}";
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(baseUrl);
            var app = builder.Build();
            app.MapGet("/data/{**key}", (HttpContext context, string key) =>
                context.Request.Headers.Authorization.ToString() != $"Bearer {Token}" ? Results.StatusCode(StatusCodes.Status401Unauthorized)
                : files.TryGetValue(Path.GetFileName(key), out var file) ? Results.File(file, "application/x-hdf5", enableRangeProcessing: true)
                : Results.NotFound());
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return new FileServer(app, baseUrl);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task UploadAsync(LocalMotoServer moto, GranuleCatalog catalog, Dictionary<string, string> files, CancellationToken cancellationToken)
    {
        using var client = moto.CreateS3Client();
        var objects = catalog.Cells.SelectMany(c => c.Granules).Distinct().Select(g => new Uri(g)).ToArray();
        foreach (var bucket in objects.Select(o => o.Host).Distinct())
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegionName = LocalMotoServer.Region }, cancellationToken).ConfigureAwait(false);
        }

        foreach (var url in objects)
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = url.Host, Key = url.AbsolutePath[1..], FilePath = files[Path.GetFileName(url.AbsolutePath)] },
                cancellationToken).ConfigureAwait(false);
        }
    }
}
