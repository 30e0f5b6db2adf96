using Orleans.Runtime.Messaging;
using Orleans.Storage;
using Polly;
using Polly.Retry;

namespace Magg.Orleans.Client;

/// <summary>
/// Retries the client's calls into a cluster while a silo or gateway is being lost: a call that reaches a dead silo,
/// a gateway that went away, or a grain reactivating elsewhere fails transiently and is tried again every second or
/// so, for up to <see cref="MaggClient.UnreachableTimeout"/>. Every grain call the client makes is safe to repeat.
/// </summary>
internal sealed class ClusterCallRetry
{
    private readonly ResiliencePipeline _pipeline;

    public ClusterCallRetry(TimeProvider time, TimeSpan budget)
    {
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(budget)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)),
                MaxRetryAttempts = int.MaxValue,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Constant,
                UseJitter = true,
            })
            .Build();
    }

    public async Task<T> ExecuteAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(static async (state, _) => await state().ConfigureAwait(false), call, cancellationToken).ConfigureAwait(false);

    /// <summary>Failures of the path to a grain, not of the grain's answer.</summary>
    internal static bool IsTransient(Exception? exception) =>
        exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException
            or TimeoutException or InconsistentStateException;
}
