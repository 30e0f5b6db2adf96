using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Magg.Orleans.Quicklook.Maps;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Quicklook.Reports;

/// <summary>
/// Writes a run's report into its store: <c>_magg/runs/{run_id}.json</c> (the <see cref="RunReport"/>),
/// <c>_magg/runs/{run_id}.html</c> (the page, with the quicklook map) and <c>_magg/last-run.json</c> (which run
/// finished last). Only these keys are written: reports of other runs are never touched, and a store overwrite
/// (which recreates the group) leaves <c>_magg/</c> alone.
/// </summary>
public static class RunReportWriter
{
    /// <summary>The folder of reports in a store.</summary>
    public const string Folder = "_magg/runs/";

    /// <summary>The pointer to the run that finished last: <c>{"run_id", "finished_at", "json", "html"}</c>.</summary>
    public const string LastRunKey = "_magg/last-run.json";

    /// <summary>Key of a run's JSON report (the run id escaped as a URL path segment).</summary>
    public static string JsonKey(string runId) => Folder + Segment(runId) + ".json";

    /// <summary>Key of a run's HTML report.</summary>
    public static string HtmlKey(string runId) => Folder + Segment(runId) + ".html";

    /// <summary>
    /// Writes <paramref name="report"/> (URLs stripped of user info and query strings) and its page into
    /// <paramref name="store"/>, then points <see cref="LastRunKey"/> at it unless a later-finished run's report is there.
    /// A map that cannot be drawn (no data, no such variable) leaves the page without a map and says why; it never fails the write.
    /// </summary>
    /// <remarks>Drawing the map reads the store's chunks and rasterises on the calling thread (about a second for a large store): grains should await it from a worker task.</remarks>
    public static async Task<RunReportLocation> WriteAsync(IObjectStore store, RunReport report, RunReportOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(report.RunId);
        options ??= new RunReportOptions();
        var clean = Redaction.Scrub(report);
        var jsonKey = JsonKey(report.RunId);
        var htmlKey = HtmlKey(report.RunId);
        var (map, mapError) = options.IncludeMap
            ? await TryMapAsync(store, clean.RunId, options, cancellationToken).ConfigureAwait(false)
            : (null, options.MapSkippedReason ?? "not asked for");

        await store.WriteAsync(jsonKey, RunReportJson.Serialize(clean), cancellationToken).ConfigureAwait(false);
        var page = RunReportHtml.Render(clean, jsonKey, map, mapError, options.MaxFailureRows);
        await store.WriteAsync(htmlKey, Encoding.UTF8.GetBytes(page), cancellationToken).ConfigureAwait(false);
        await PointLastRunAsync(store, clean, jsonKey, htmlKey, cancellationToken).ConfigureAwait(false);
        return new RunReportLocation(jsonKey, htmlKey, $"{store.Location.TrimEnd('/')}/{htmlKey}", mapError);
    }

    /// <summary>The report of <paramref name="runId"/>, or null when the store has none (or not one of this schema version).</summary>
    public static async Task<RunReport?> ReadAsync(IObjectStore store, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var bytes = await store.ReadAsync(JsonKey(runId), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : RunReportJson.Parse(bytes);
    }

    /// <summary>The run that finished last according to <see cref="LastRunKey"/>, or null.</summary>
    public static async Task<string?> ReadLastRunIdAsync(IObjectStore store, CancellationToken cancellationToken = default) =>
        (await ReadLastRunAsync(store, cancellationToken).ConfigureAwait(false))?.RunId;

    private static async Task<(MapResult? Map, string? Error)> TryMapAsync(IObjectStore store, string runId, RunReportOptions options,
        CancellationToken cancellationToken)
    {
        try
        {
            var variable = options.MapVariable ?? await DefaultMapVariableAsync(store, options.MapGroup, cancellationToken).ConfigureAwait(false);
            if (variable is null)
            {
                return (null, "the store has no floating-point variable to map");
            }

            var request = new MapRequest { Variable = variable, Group = options.MapGroup, RunId = runId, Width = options.MapWidth, Height = options.MapHeight,
                ReadConcurrency = options.MapReadConcurrency };
            var map = await QuicklookMap.RenderAsync(store, request, cancellationToken).ConfigureAwait(false);
            return (map, null);
        }
        catch (Exception e) when (e is ZarrReadException or QuicklookException or InvalidDataException or IOException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The variable a report maps: the first floating-point variable whose name has <c>mean</c>, else the first one; null when there is none.</summary>
    public static async Task<string?> DefaultMapVariableAsync(IObjectStore store, string? groupPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var reader = await ZarrDggsReader.OpenAsync(store, cancellationToken).ConfigureAwait(false);
        var groups = groupPath is null ? await reader.ListGroupsAsync(cancellationToken).ConfigureAwait(false) : [groupPath];
        foreach (var path in groups)
        {
            var group = await reader.OpenGroupAsync(path, cancellationToken).ConfigureAwait(false);
            if (group.HealpixOrder is null)
            {
                continue;
            }

            var floats = new List<string>();
            foreach (var name in group.Arrays.Where(a => a is not (DggsLayout.CellIdsName or DggsLayout.MortonName)))
            {
                var array = await reader.OpenArrayAsync(group, name, cancellationToken).ConfigureAwait(false);
                if (array.DataType is Core.Aggregation.DataType.Float32 or Core.Aggregation.DataType.Float64)
                {
                    floats.Add(name);
                }
            }

            return floats.FirstOrDefault(n => n.Contains("mean", StringComparison.OrdinalIgnoreCase)) ?? floats.FirstOrDefault();
        }

        return null;
    }

    private static async Task PointLastRunAsync(IObjectStore store, RunReport report, string jsonKey, string htmlKey, CancellationToken cancellationToken)
    {
        var current = await ReadLastRunAsync(store, cancellationToken).ConfigureAwait(false);
        if (current is { } last && last.RunId != report.RunId && last.FinishedAt > report.Timings.FinishedAt)
        {
            return;
        }

        var pointer = new JsonObject
        {
            ["run_id"] = report.RunId,
            ["finished_at"] = report.Timings.FinishedAt,
            ["json"] = jsonKey,
            ["html"] = htmlKey,
        };
        await store.WriteAsync(LastRunKey, Encoding.UTF8.GetBytes(pointer.ToJsonString()), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(string RunId, DateTimeOffset FinishedAt)?> ReadLastRunAsync(IObjectStore store, CancellationToken cancellationToken)
    {
        var bytes = await store.ReadAsync(LastRunKey, cancellationToken).ConfigureAwait(false);
        try
        {
            return bytes is not null && JsonNode.Parse(bytes) is JsonObject pointer
                && pointer["run_id"]?.GetValue<string>() is { Length: > 0 } runId && pointer["finished_at"]?.GetValue<DateTimeOffset>() is { } finishedAt
                ? (runId, finishedAt)
                : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string Segment(string runId) => Uri.EscapeDataString(runId);
}
