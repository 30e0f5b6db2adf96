using System.Globalization;
using Magg.Orleans.Core.Granules;
using Polly;
using Polly.Retry;

namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// The retry pipeline of the remote sources: transient failures (5xx, 429, SlowDown, timeouts, connection resets) are
/// retried with exponential backoff and jitter; everything else fails at once. The same pipeline runs synchronously
/// (its delays then block the reading thread, without tasks) and asynchronously.
/// </summary>
internal sealed class RemoteRetry
{
    private readonly ResiliencePipeline _pipeline;
    private readonly int _attempts;

    public RemoteRetry(RemoteGranuleOptions options, TimeProvider? timeProvider = null)
    {
        _attempts = options.MaxRetryAttempts + 1;
        var builder = new ResiliencePipelineBuilder();
        if (timeProvider is not null)
        {
            builder.TimeProvider = timeProvider;
        }

        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = static args =>
                {
                    if (args.Context.Properties.TryGetValue(StatisticsKey, out var statistics))
                    {
                        statistics.RecordRetry();
                    }

                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder.Build();
    }

    private static ResiliencePropertyKey<RangeStatistics> StatisticsKey { get; } = new("magg.range-statistics");

    /// <summary>Runs <paramref name="attempt"/> synchronously with retries; exhausted transient failures become <see cref="GranuleErrorKind.Transient"/>.</summary>
    public T Execute<T>(Func<CancellationToken, T> attempt, string granule, RangeStatistics statistics, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StatisticsKey, statistics);
        try
        {
            return _pipeline.Execute(static (ctx, state) => state(ctx.CancellationToken), context, attempt);
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            throw Exhausted(e, granule);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Runs <paramref name="attempt"/> with retries; exhausted transient failures become <see cref="GranuleErrorKind.Transient"/>.</summary>
    public async ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> attempt, string granule, RangeStatistics statistics,
        CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StatisticsKey, statistics);
        try
        {
            return await _pipeline.ExecuteAsync(static (ctx, state) => state(ctx.CancellationToken), context, attempt).ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransient(e, cancellationToken))
        {
            throw Exhausted(e, granule);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>True for failures worth another attempt; a cancellation by the caller is not one, a request timeout is.</summary>
    internal static bool IsTransient(Exception? exception, CancellationToken cancellationToken) => exception switch
    {
        null or GranuleAccessException => false,
        TransientHttpException or HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private GranuleAccessException Exhausted(Exception exception, string granule)
    {
        var what = exception switch
        {
            TransientHttpException => exception.Message,
            OperationCanceledException => "the request timed out",
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
        return new GranuleAccessException(GranuleErrorKind.Transient, granule,
            string.Create(CultureInfo.InvariantCulture, $"{what}; still failing after {_attempts} attempts"), exception);
    }
}
