using Magg.Orleans.Core.Granules;
using Magg.Orleans.Storage.Cells;

namespace Magg.Orleans.Grains.Cells;

/// <summary>
/// Tells failures worth retrying (network, throttling, expired credentials, a busy store) from deterministic ones (bad
/// config or data, a conflicting or corrupt store, access denied, a run or cell the silo refuses, a cell past its
/// deadline): <see cref="CellFailures"/>, as the Lambda function tells them, and the silo's own refusals.
/// </summary>
public static class FailureClassifier
{
    public static bool IsRetryable(Exception exception) => exception switch
    {
        RunRefusedException or Security.CellDeadlineException => false,
        _ => CellFailures.IsRetryable(exception),
    };

    /// <summary>Granule failures that a later attempt may not hit (the others are reported and the cell goes on without the granule).</summary>
    public static bool IsRetryable(GranuleErrorKind kind) => CellWorker.IsRetryable(kind);
}
