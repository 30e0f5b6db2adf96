using System.Globalization;
using Magg.Orleans.Client;

namespace Magg.Orleans.Cli.Output;

/// <summary>Prints dry-run and run summaries with magg's field names.</summary>
internal static class SummaryPrinter
{
    private const int MaxFailedCellLines = 20;

    public static void Print(TextWriter output, DryRunResult dryRun)
    {
        Line(output, "dry_run", "true");
        Line(output, "total_cells", dryRun.TotalCells);
        Line(output, "granules_per_cell_min", dryRun.GranulesPerCellMin);
        Line(output, "granules_per_cell_max", dryRun.GranulesPerCellMax);
        Line(output, "granules_per_cell_avg", dryRun.GranulesPerCellAvg.ToString("F1", CultureInfo.InvariantCulture));
        Line(output, "store_path", dryRun.StorePath);
        if (dryRun.Lambda is { } lambda)
        {
            Line(output, "lambda_granule_reads", lambda.GranuleReads);
            Line(output, "lambda_seconds_per_granule", lambda.SecondsPerGranule.ToString("0.###", CultureInfo.InvariantCulture));
            Line(output, "lambda_memory_mb", lambda.MemoryMb);
            Line(output, "lambda_gb_s", lambda.GbSeconds.ToString("F1", CultureInfo.InvariantCulture));
            Line(output, "lambda_cost_usd", lambda.CostUsd.ToString("F4", CultureInfo.InvariantCulture));
        }
    }

    public static void Print(TextWriter output, RunSummary summary)
    {
        PrintTotals(output, summary);
        var failedCells = summary.Results.Where(IsFailure).ToArray();
        foreach (var failed in failedCells.Take(MaxFailedCellLines))
        {
            PrintFailedCell(output, failed);
        }

        PrintMoreFailures(output, failedCells.Length);
    }

    /// <summary>Prints the totals, then the failed cells as the pages of results arrive (a run of millions of cells never sits in memory).</summary>
    public static async Task PrintAsync(TextWriter output, RunSummary totals, IAsyncEnumerable<CellMetadata> results, CancellationToken cancellationToken)
    {
        PrintTotals(output, totals);
        var failedCells = 0;
        await foreach (var result in results.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (IsFailure(result) && ++failedCells <= MaxFailedCellLines)
            {
                PrintFailedCell(output, result);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        PrintMoreFailures(output, failedCells);
    }

    private static void PrintTotals(TextWriter output, RunSummary summary)
    {
        Line(output, "run_id", summary.RunId);
        Line(output, "status", summary.Status);
        Line(output, "total_cells", summary.TotalCells);
        Line(output, "cells_with_data", summary.CellsWithData);
        Line(output, "cells_error", summary.CellsError);
        Line(output, "cells_up_to_date", summary.CellsUpToDate);
        Line(output, "total_obs", summary.TotalObs);
        Line(output, "granules_failed", summary.GranulesFailed);
        Line(output, "wall_time_s", summary.WallTimeSeconds.ToString("F2", CultureInfo.InvariantCulture));
        Line(output, "store_path", summary.StorePath);
        Line(output, "backend", summary.Backend);
        if (summary.Backend == AggBackends.Lambda)
        {
            Line(output, "lambda_invocations", summary.LambdaInvocations);
            Line(output, "lambda_gb_s", summary.LambdaGbSeconds.ToString("F3", CultureInfo.InvariantCulture));
            Line(output, "lambda_cost_usd", summary.LambdaCostUsd.ToString("F6", CultureInfo.InvariantCulture));
            Line(output, "lambda_throttles", summary.LambdaThrottles);
            Line(output, "lambda_lowest_concurrency", summary.LambdaLowestConcurrency);
        }

        if (summary.Error is not null)
        {
            Line(output, "error", summary.Error);
        }

        if (summary.ReportHtml is not null)
        {
            Line(output, "report", summary.ReportHtml);
        }
    }

    /// <summary>Where the run's report is (<c>report:</c> and <c>report_json:</c>), or why there is none yet.</summary>
    public static void PrintReport(TextWriter output, RunSummary summary)
    {
        Line(output, "run_id", summary.RunId);
        Line(output, "status", summary.Status);
        if (summary.ReportHtml is not null)
        {
            Line(output, "report", summary.ReportHtml);
            Line(output, "report_json", summary.ReportJson ?? "");
            return;
        }

        var expected = $"{summary.StorePath.TrimEnd('/')}/_magg/runs/{Uri.EscapeDataString(summary.RunId)}.html";
        Line(output, "report", summary.ReportError is { } problem ? $"not written: {problem}"
            : summary.Status is RunStatus.Completed or RunStatus.CompletedWithErrors or RunStatus.Failed or RunStatus.Cancelled
                ? $"being written to {expected}"
                : $"written when the run ends, to {expected}");
    }

    /// <summary>A failed cell, or one written without some of its granules (their reasons follow its line).</summary>
    private static bool IsFailure(CellMetadata result) =>
        result.Error is not null and not ("No granules found" or "No data after filtering") || result.Failures.Length > 0;

    private static void PrintFailedCell(TextWriter output, CellMetadata failed)
    {
        var what = failed.Error ?? string.Create(CultureInfo.InvariantCulture,
            $"written without {(failed.GranulesFailed > 0 ? $"{failed.GranulesFailed} granule(s)" : $"{failed.GroupsFailed} group(s)")}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  cell {failed.ParentMorton}: {what}"));
        foreach (var failure in failed.Failures)
        {
            output.WriteLine($"    {failure}");
        }
    }

    private static void PrintMoreFailures(TextWriter output, int failedCells)
    {
        if (failedCells > MaxFailedCellLines)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... and {failedCells - MaxFailedCellLines} more failed cells"));
        }
    }

    public static void Print(TextWriter output, RunProgress progress)
    {
        Line(output, "run_id", progress.RunId);
        Line(output, "status", progress.Status);
        Line(output, "cells", string.Create(CultureInfo.InvariantCulture,
            $"{progress.CellsDone} done, {progress.CellsFailed} failed, {progress.CellsInFlight} in flight, {progress.CellsPending} pending of {progress.TotalCells}"));
        Line(output, "total_obs", progress.TotalObs);
        Line(output, "elapsed_s", progress.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
        if (progress.Eta is { } eta)
        {
            Line(output, "eta_s", eta.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture));
        }

        if (progress.Error is not null)
        {
            Line(output, "error", progress.Error);
        }
    }

    private static void Line(TextWriter output, string key, object value) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key}: {value}"));
}
