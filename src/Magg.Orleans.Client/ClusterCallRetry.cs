using Orleans.Runtime.Messaging;
using Orleans.Storage;
using Polly;
using Polly.Retry;

namespace Magg.Orleans.Client;

/// <summary>
/// Retries the client's calls into a cluster while a silo or gateway is being lost: a call that reaches a dead silo,
/// a gateway that went away, or a grain reactivating elsewhere fails transiently and is tried again about every second,
/// until the call has been failing for <c>budget</c>; then its last failure is thrown. Every grain call the client
/// makes is safe to repeat.
/// </summary>
internal sealed class ClusterCallRetry
{
    private static readonly ResiliencePropertyKey<DateTimeOffset> Deadline = new("magg.deadline");
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly TimeSpan _budget;

    public ClusterCallRetry(TimeProvider time, TimeSpan budget)
    {
        (_time, _budget) = (time, budget);
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome.Exception)
                    && args.Context.Properties.TryGetValue(Deadline, out var deadline) && _time.GetUtcNow() < deadline),
                MaxRetryAttempts = int.MaxValue,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Constant,
                UseJitter = true,
            })
            .Build();
    }

    public async Task<T> ExecuteAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(Deadline, _time.GetUtcNow() + _budget);
        try
        {
            return await _pipeline.ExecuteAsync(static async (_, state) => await state().ConfigureAwait(false), context, call).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Failures of the path to a grain, not of the grain's answer.</summary>
    internal static bool IsTransient(Exception? exception) =>
        exception is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException or GatewayTooBusyException
            or TimeoutException or InconsistentStateException;
}
