using System.Globalization;
using Magg.Orleans.Client;
using Spectre.Console;

namespace Magg.Orleans.Cli.Output;

/// <summary>Runs a plan with a live progress bar on a terminal, or a plain line per change otherwise.</summary>
internal static class RunProgressDisplay
{
    public static async Task<RunResult> RunAsync(CliConsole console, MaggClient client, RunPlan plan, CancellationToken cancellationToken)
    {
        if (!console.IsInteractive)
        {
            var lines = new PlainProgress(console.Out);
            return await client.RunAsync(plan, lines, cancellationToken).ConfigureAwait(false);
        }

        RunResult? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"run {plan.Header.RunId}", maxValue: Math.Max(1, plan.Header.SelectedCells));
                var progress = new Progress<RunProgress>(p =>
                {
                    task.Value = p.CellsDone + p.CellsFailed;
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"{p.Status} {p.CellsDone}/{p.TotalCells} cells, {p.CellsFailed} failed, {p.TotalObs:N0} obs");
                });
                result = await client.RunAsync(plan, progress, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return result!;
    }

    /// <summary>Writes a line whenever the counts change (synchronously, so lines never interleave).</summary>
    private sealed class PlainProgress(TextWriter output) : IProgress<RunProgress>
    {
        private (RunStatus, int, int, int) _last;

        public void Report(RunProgress value)
        {
            var key = (value.Status, value.CellsDone, value.CellsFailed, value.CellsInFlight);
            if (key == _last)
            {
                return;
            }

            _last = key;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{value.Elapsed.TotalSeconds,7:F1}s] {value.Status}: {value.CellsDone}/{value.TotalCells} done, {value.CellsFailed} failed, {value.CellsInFlight} in flight, {value.TotalObs:N0} obs"));
        }
    }
}
