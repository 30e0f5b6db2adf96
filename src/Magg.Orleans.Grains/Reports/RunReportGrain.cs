using System.Globalization;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Grains.Services;
using Magg.Orleans.Quicklook.Maps;
using Magg.Orleans.Quicklook.Reports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Reports;

/// <summary>
/// Writes a finished run's report: asks the run's batches for their cells one page at a time (a report of a million cells
/// keeps only the rows worth reading, see <see cref="RunReportBuilder"/>), then renders the page and its map on the thread
/// pool, off this grain's turn, and tells the run where the report is. A failure is reported to the run, never thrown:
/// the run's outcome does not depend on its report.
/// </summary>
public sealed partial class RunReportGrain(
    IOutputStores stores,
    PipelineCache pipelines,
    IOptions<ReportOptions> options,
    TimeProvider time,
    ILogger<RunReportGrain> logger) : Grain, IRunReportGrain
{
    private string RunId => this.GetPrimaryKeyString();

    public async Task Write(RunReportJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var run = GrainFactory.GetGrain<IRunGrain>(RunId);
        try
        {
            var report = await BuildAsync(job);
            var settings = options.Value;
            var objects = stores.ObjectStore(job.Header.Store);
            var map = job.Header.TotalCatalogCells <= settings.MaxMapChunks;
            var writeOptions = new RunReportOptions
            {
                IncludeMap = map,
                MapSkippedReason = map ? null : string.Create(CultureInfo.InvariantCulture,
                    $"the store has {job.Header.TotalCatalogCells:N0} chunks, more than Magg:Reports:MaxMapChunks; draw it with magg-orleans plot"),
                MapReadConcurrency = settings.MapReadConcurrency,
            };
            // The map reads chunks and rasterises for up to seconds: the thread pool does it, not this grain's scheduler.
            var written = await Task.Run(() => RunReportWriter.WriteAsync(objects, report, writeOptions));
            var json = $"{objects.Location.TrimEnd('/')}/{written.JsonKey}";
            LogWritten(logger, RunId, written.HtmlLocation);
            await run.OnReportWritten(written.HtmlLocation, json, null);
        }
        catch (Exception e)
        {
            LogFailed(logger, RunId, e);
            await run.OnReportWritten(null, null, $"{e.GetType().Name}: {e.Message}");
        }

        DeactivateOnIdle();
    }

    public async Task<byte[]?> Read(bool json)
    {
        if (await GrainFactory.GetGrain<IRunGrain>(RunId).GetHeader() is not { } header)
        {
            return null;
        }

        var objects = stores.ObjectStore(header.Store);
        var key = json ? RunReportWriter.JsonKey(RunId) : RunReportWriter.HtmlKey(RunId);
        return await objects.ReadAsync(key);
    }

    public async Task<byte[]> RenderMap(string? variable, int width, int height)
    {
        if (width is < 200 or > 2000 || height is < 200 or > 2000)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The map size {width} x {height} is not between 200 and 2000 pixels a side."));
        }

        var header = await GrainFactory.GetGrain<IRunGrain>(RunId).GetHeader()
            ?? throw new ArgumentException($"No run '{RunId}' on this cluster.");
        var objects = stores.ObjectStore(header.Store);
        var request = new MapRequest { Variable = variable ?? "", RunId = RunId, Width = width, Height = height, ReadConcurrency = options.Value.MapReadConcurrency };
        try
        {
            var map = await Task.Run(async () => request.Variable.Length > 0
                ? await QuicklookMap.RenderAsync(objects, request)
                : await QuicklookMap.RenderAsync(objects, request with
                {
                    Variable = await RunReportWriter.DefaultMapVariableAsync(objects) ?? throw new ArgumentException("The store has no floating-point variable to map."),
                }));
            return map.Png;
        }
        catch (Exception e) when (e is Quicklook.QuicklookException or Storage.Zarr.ZarrReadException)
        {
            throw new ArgumentException(e.Message);
        }
    }

    private async Task<RunReport> BuildAsync(RunReportJob job)
    {
        var header = job.Header;
        var pipeline = pipelines.Get(header.ConfigYaml);
        var builder = new RunReportBuilder(header.SelectedCells, options.Value.MaxCellRows);
        for (var page = 0; page < header.BatchCount; page++)
        {
            foreach (var row in await GrainFactory.GetGrain<IRunBatchGrain>(RunKeys.Batch(RunId, page)).GetReportRows())
            {
                builder.Add(ReportRows.Cell(row));
            }
        }

        return builder.Build(RunId, ReportRows.Status(job.Status), job.Error, time.GetUtcNow(),
            ReportRows.Request(header, pipeline.Fingerprint, pipeline.Pipeline.Config.ChildOrder), job.StartedAt, job.FinishedAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: report written to {Location}")]
    private static partial void LogWritten(ILogger logger, string runId, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: the report could not be written")]
    private static partial void LogFailed(ILogger logger, string runId, Exception exception);
}
