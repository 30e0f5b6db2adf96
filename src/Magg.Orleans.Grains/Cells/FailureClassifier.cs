using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Amazon.Runtime;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Grains.Cells;

/// <summary>
/// Tells failures worth retrying (network, throttling, expired credentials, a busy store) from deterministic ones (bad
/// config or data, a conflicting or corrupt store, access denied, a
/// run or cell the silo refuses, a cell past its deadline).
/// </summary>
public static class FailureClassifier
{
    public static bool IsRetryable(Exception exception) => exception switch
    {
        ConfigException or CatalogException or InvalidDataException or JsonException or FormatException or ArgumentException
            or StoreConflictException or UnauthorizedAccessException or RunRefusedException or Security.CellDeadlineException => false,
        StoreBusyException => true,
        GranuleAccessException granule => IsRetryable(granule.Kind),
        AmazonServiceException service => (int)service.StatusCode >= 500 || service.ErrorType == ErrorType.Unknown && service.StatusCode != HttpStatusCode.Forbidden
            || service.ErrorCode is "SlowDown" or "Throttling" or "ThrottlingException" or "RequestTimeout" or "ExpiredToken",
        IOException or HttpRequestException or SocketException or TimeoutException or OperationCanceledException => true,
        _ => true,
    };

    /// <summary>Granule failures that a later attempt may not hit (the others are reported and the cell goes on without the granule).</summary>
    public static bool IsRetryable(GranuleErrorKind kind) => CellWorker.IsRetryable(kind);
}
