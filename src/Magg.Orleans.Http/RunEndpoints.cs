using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Http.Responses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Magg.Orleans.Http;

/// <summary>The <c>/v1/runs</c> routes: submit (or dry-run), progress, server-sent events, summary pages, cancel, credentials, report and map.</summary>
internal static class RunEndpoints
{
    /// <summary>The header that carries a user's own Earthdata token (never the JSON body).</summary>
    public const string EarthdataTokenHeader = "X-Earthdata-Token";

    public static void Map(RouteGroupBuilder runs)
    {
        runs.MapPost("/", SubmitAsync).WithName("SubmitRun").WithSummary("Submit a run (agg()), or plan it with dry_run")
            .Accepts<RunRequestBody>("application/json")
            .Produces<RunAccepted>(StatusCodes.Status202Accepted).Produces<DryRunBody>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        runs.MapGet("/{runId}", ProgressAsync).WithName("GetRun").WithSummary("A run's progress")
            .Produces<ProgressBody>().ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapGet("/{runId}/events", EventsAsync).WithName("WatchRun").WithSummary("Server-sent events with the run's progress until it ends ('progress' events, then one 'end')")
            .Produces<ProgressBody>(StatusCodes.Status200OK, "text/event-stream").ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapGet("/{runId}/summary", SummaryAsync).WithName("GetRunSummary").WithSummary("The run's summary with one page of per-cell results")
            .Produces<SummaryBody>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapDelete("/{runId}", CancelAsync).WithName("CancelRun").WithSummary("Cancel a run: no new cell starts, cells at work may finish")
            .Produces<ProgressBody>(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapPost("/{runId}/credentials", CredentialsAsync).WithName("SupplyCredentials")
            .WithSummary("Give a run that reads with its user's Earthdata token the token again (X-Earthdata-Token header), e.g. after it paused in needs_credentials")
            .Produces<ProgressBody>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        runs.MapGet("/{runId}/report", ReportAsync).WithName("GetRunReport").WithSummary("The run's report page (or with format=json its JSON), as written in its store")
            .Produces(StatusCodes.Status200OK, contentType: "text/html").ProducesProblem(StatusCodes.Status404NotFound);
        runs.MapGet("/{runId}/map.png", MapAsync).WithName("GetRunMap").WithSummary("A quicklook map of the run's store")
            .Produces(StatusCodes.Status200OK, contentType: "image/png").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> SubmitAsync(HttpRequest http, RunRequestReader reader, MaggClient client, CancellationToken cancellationToken)
    {
        RunPlan plan;
        bool dryRun;
        try
        {
            (plan, dryRun) = await reader.PlanAsync(http.Body, Token(http), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AggRequestException or ConfigException or CatalogException)
        {
            return Problems.Invalid(e.Message);
        }

        if (dryRun)
        {
            return TypedResults.Ok(DryRunBody.Of(plan.Preview));
        }

        RunProgress progress;
        try
        {
            progress = await client.SubmitAsync(plan).ConfigureAwait(false);
        }
        catch (RunRefusedException e)
        {
            // The silo's own checks (access policy, limits), as for a gateway submission.
            return Problems.Invalid($"the cluster refused the run: {e.Message}");
        }
        catch (InvalidOperationException e) when (e.Message.Contains("already exists", StringComparison.Ordinal))
        {
            return Problems.Conflict(e.Message);
        }

        var location = Location(plan.Header.RunId);
        return TypedResults.Accepted(location, new RunAccepted(plan.Header.RunId, progress.Status, location));
    }

    private static async Task<IResult> ProgressAsync(string runId, MaggClient client) =>
        await client.GetStatusAsync(runId).ConfigureAwait(false) is { Status: not RunStatus.Unknown } progress
            ? TypedResults.Ok(ProgressBody.Of(progress))
            : Problems.UnknownRun(runId);

    private static async Task<IResult> EventsAsync(string runId, MaggClient client, CancellationToken cancellationToken)
    {
        if ((await client.GetStatusAsync(runId).ConfigureAwait(false)).Status == RunStatus.Unknown)
        {
            return Problems.UnknownRun(runId);
        }

        return TypedResults.ServerSentEvents(Watch(client, runId, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<ProgressBody>> Watch(MaggClient client, string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var progress in client.WatchAsync(runId, cancellationToken).ConfigureAwait(false))
        {
            yield return new SseItem<ProgressBody>(ProgressBody.Of(progress), progress.IsFinished ? "end" : "progress");
        }
    }

    private static async Task<IResult> SummaryAsync(string runId, MaggClient client, [FromQuery] int? page)
    {
        if ((await client.GetStatusAsync(runId).ConfigureAwait(false)).Status == RunStatus.Unknown)
        {
            return Problems.UnknownRun(runId);
        }

        var totals = await client.GetTotalsAsync(runId).ConfigureAwait(false);
        var number = page ?? 0;
        if (number < 0 || (number > 0 && number >= totals.ResultPages))
        {
            return Problems.Invalid(System.FormattableString.Invariant($"page {number}: run {runId} has result pages 0 to {Math.Max(0, totals.ResultPages - 1)}"));
        }

        var results = totals.ResultPages == 0 ? [] : await client.GetResultsPageAsync(runId, number).ConfigureAwait(false);
        return TypedResults.Ok(SummaryBody.Of(totals, number, results));
    }

    private static async Task<IResult> CancelAsync(string runId, MaggClient client)
    {
        if ((await client.GetStatusAsync(runId).ConfigureAwait(false)).Status == RunStatus.Unknown)
        {
            return Problems.UnknownRun(runId);
        }

        await client.CancelAsync(runId).ConfigureAwait(false);
        var location = Location(runId);
        return TypedResults.Accepted(location, ProgressBody.Of(await client.GetStatusAsync(runId).ConfigureAwait(false)));
    }

    private static async Task<IResult> CredentialsAsync(string runId, HttpRequest http, MaggClient client)
    {
        if (Token(http) is not { } token)
        {
            return Problems.Invalid($"send the Earthdata token in the {EarthdataTokenHeader} header");
        }

        var progress = await client.GetStatusAsync(runId).ConfigureAwait(false);
        if (progress.Status == RunStatus.Unknown)
        {
            return Problems.UnknownRun(runId);
        }

        if (!progress.ClientCredentials)
        {
            return Problems.Conflict($"run {runId} reads with the cluster's own credentials; it takes no token");
        }

        return TypedResults.Ok(ProgressBody.Of(await client.SupplyCredentialsAsync(runId, token).ConfigureAwait(false)));
    }

    private static async Task<IResult> ReportAsync(string runId, MaggClient client, [FromQuery] string? format)
    {
        if ((await client.GetStatusAsync(runId).ConfigureAwait(false)).Status == RunStatus.Unknown)
        {
            return Problems.UnknownRun(runId);
        }

        var json = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
        return await client.ReadReportAsync(runId, json).ConfigureAwait(false) is { } bytes
            ? TypedResults.Bytes(bytes, json ? "application/json" : "text/html; charset=utf-8")
            : Problems.NotFound($"run {runId} has no report yet: it is written into the store when the run ends");
    }

    private static async Task<IResult> MapAsync(string runId, MaggClient client, [FromQuery] string? variable, [FromQuery] int? width, [FromQuery] int? height)
    {
        if ((await client.GetStatusAsync(runId).ConfigureAwait(false)).Status == RunStatus.Unknown)
        {
            return Problems.UnknownRun(runId);
        }

        try
        {
            return TypedResults.Bytes(await client.RenderMapAsync(runId, variable, width ?? 900, height ?? 720).ConfigureAwait(false), "image/png");
        }
        catch (ArgumentException e)
        {
            return Problems.Invalid(e.Message);
        }
    }

    private static SecretText? Token(HttpRequest http) =>
        http.Headers[EarthdataTokenHeader].ToString().Trim() is { Length: > 0 } token ? new SecretText(token) : null;

    private static string Location(string runId) => "/v1/runs/" + Uri.EscapeDataString(runId);
}
