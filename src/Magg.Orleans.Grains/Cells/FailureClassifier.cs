using Magg.Orleans.Core.Granules;
using Magg.Orleans.Storage.Cells;

namespace Magg.Orleans.Grains.Cells;

/// <summary>
/// Tells failures worth retrying (network, throttling, expired credentials, a busy store) from deterministic ones (bad
/// config or data, a conflicting or corrupt store, access denied): <see cref="CellFailures"/>, as the Lambda function tells them.
/// </summary>
public static class FailureClassifier
{
    public static bool IsRetryable(Exception exception) => CellFailures.IsRetryable(exception);

    /// <summary>Granule failures that a later attempt may not hit (the others are reported and the cell goes on without the granule).</summary>
    public static bool IsRetryable(GranuleErrorKind kind) => CellWorker.IsRetryable(kind);
}
