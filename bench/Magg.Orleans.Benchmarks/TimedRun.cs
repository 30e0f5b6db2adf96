using System.Diagnostics;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Magg.Orleans.Benchmarks;

/// <summary>What one timed agg() run on a cluster took.</summary>
/// <param name="Summary">The run's summary.</param>
/// <param name="PlanSeconds">Client-side planning (catalog load, validation, batching).</param>
/// <param name="PreparedSeconds">From the start of planning until the run was first seen past <see cref="RunStatus.Preparing"/> (store template and coordinate chunks written).</param>
/// <param name="WallSeconds">From the start of planning until the final progress snapshot.</param>
/// <param name="PeakWorkingSet">Largest sampled working set of this process during the run, in bytes.</param>
internal sealed record RunTiming(RunSummary Summary, double PlanSeconds, double PreparedSeconds, double WallSeconds, long PeakWorkingSet);

/// <summary>Runs agg() requests on a cluster with fast progress polling, timing the phases and sampling memory.</summary>
internal static class TimedRun
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Plans, submits and watches <paramref name="request"/> to its end.</summary>
    public static async Task<RunTiming> RunAsync(MaggCluster cluster, AggRequest request, CancellationToken cancellationToken)
    {
        var client = new MaggClient(cluster.Services.GetRequiredService<IClusterClient>(), TimeProvider.System) { PollInterval = PollInterval };
        using var memory = new WorkingSetSampler(TimeSpan.FromMilliseconds(20));
        var watch = Stopwatch.StartNew();
        var plan = await RunPlanner.PlanAsync(request, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        var planSeconds = watch.Elapsed.TotalSeconds;
        if (cluster.IsEmbedded)
        {
            // This client polls faster than cluster.Client, so it grants what cluster.Client grants before a submit.
            cluster.Services.GetRequiredService<AccessPolicy>().Grant(plan.Access.GranuleSources, plan.Access.Stores);
        }

        var clock = new PreparedClock(watch);
        var result = await client.RunAsync(plan, clock, cancellationToken).ConfigureAwait(false);
        var wall = watch.Elapsed.TotalSeconds;
        return new RunTiming(result.Summary, planSeconds, clock.PreparedSeconds ?? wall, wall, await memory.StopAsync().ConfigureAwait(false));
    }

    /// <summary>Notes when a snapshot first shows the run past preparation (synchronously, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class PreparedClock(Stopwatch watch) : IProgress<RunProgress>
    {
        public double? PreparedSeconds { get; private set; }

        public void Report(RunProgress value)
        {
            if (PreparedSeconds is null && value.Status is not (RunStatus.Preparing or RunStatus.Unknown))
            {
                PreparedSeconds = watch.Elapsed.TotalSeconds;
            }
        }
    }
}
