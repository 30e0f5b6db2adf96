using System.Net;
using Polly;
using Polly.Retry;

namespace Magg.Orleans.Catalog.Cmr;

/// <summary>
/// The retry pipeline of CMR requests (Polly, as the granule sources' <c>RemoteRetry</c>): 5xx, 429, 408, network
/// errors and request timeouts are retried with exponential backoff and jitter; a <c>Retry-After</c> header sets the
/// wait instead. Responses of failed attempts are disposed.
/// </summary>
internal static class CmrRetry
{
    public static ResiliencePipeline<HttpResponseMessage> Create(CmrClientOptions options, Action<int, string> onRetry)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = options.TimeProvider };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } response
                    ? IsTransient(response.StatusCode)
                    : IsTransient(args.Outcome.Exception, args.Context.CancellationToken)),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options)),
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, Describe(args.Outcome));
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    public static bool IsTransient(HttpStatusCode status) => (int)status is 408 or 429 or >= 500;

    public static bool IsTransient(Exception? exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    public static string Describe(Outcome<HttpResponseMessage> outcome) => outcome.Result is { } response
        ? $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
        : outcome.Exception is OperationCanceledException ? "the request timed out" : $"{outcome.Exception?.GetType().Name}: {outcome.Exception?.Message}";

    /// <summary>The server's <c>Retry-After</c> (seconds or a date), capped; null: use the backoff.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, CmrClientOptions options)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - options.TimeProvider.GetUtcNow() : null);
        return wait is { } value ? TimeSpan.FromTicks(Math.Clamp(value.Ticks, 0, options.RetryMaxDelay.Ticks)) : null;
    }
}
