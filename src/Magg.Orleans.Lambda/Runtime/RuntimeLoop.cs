using System.Globalization;
using Magg.Orleans.Lambda.Cells;
using Magg.Orleans.Storage.Lambda;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Lambda.Runtime;

/// <summary>
/// The custom runtime's loop: take the next invocation, run its cell, post the answer; until the process is stopped.
/// A cell past its deadline (a few seconds before Lambda's own timeout) and an event that is not a cell event are
/// posted as errors, and so is an event naming a store the function may not write, so the caller sees a function error with a message instead of a bare timeout.
/// </summary>
internal sealed partial class RuntimeLoop(RuntimeApiClient runtime, CellFunction function, TimeProvider time, ILogger<RuntimeLoop> logger)
{
    /// <summary>How long before Lambda's deadline a cell is given up, so its error can still be posted.</summary>
    public static TimeSpan DeadlineMargin { get; } = TimeSpan.FromSeconds(3);

    /// <summary>Serves invocations until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var invocation = await runtime.NextAsync(cancellationToken).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var remaining = invocation.Deadline - time.GetUtcNow() - DeadlineMargin;
            if (remaining is { } left)
            {
                deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }

            try
            {
                var answer = await function.HandleAsync(invocation.Event, deadline.Token).ConfigureAwait(false);
                await runtime.RespondAsync(invocation.RequestId, answer, cancellationToken).ConfigureAwait(false);
            }
            catch (CellEventException e)
            {
                LogBadEvent(logger, invocation.RequestId, e.Message);
                await runtime.ReportErrorAsync(invocation.RequestId, "Magg.InvalidEvent", e.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (StoreRefusedException e)
            {
                LogRefusedStore(logger, invocation.RequestId, e.Message);
                await runtime.ReportErrorAsync(invocation.RequestId, "Magg.StoreRefused", e.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                var message = string.Create(CultureInfo.InvariantCulture,
                    $"the cell did not finish within the function's timeout (given up {DeadlineMargin.TotalSeconds:F0} s before it); no stamp was written");
                LogDeadline(logger, invocation.RequestId);
                await runtime.ReportErrorAsync(invocation.RequestId, "Magg.Timeout", message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation {RequestId}: not a cell event: {Reason}")]
    private static partial void LogBadEvent(ILogger logger, string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation {RequestId}: {Reason}")]
    private static partial void LogRefusedStore(ILogger logger, string requestId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation {RequestId}: the cell ran out of time")]
    private static partial void LogDeadline(ILogger logger, string requestId);
}
