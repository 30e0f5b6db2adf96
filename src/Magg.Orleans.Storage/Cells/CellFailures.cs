using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Amazon.Runtime;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Storage.Lambda;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Storage.Cells;

/// <summary>
/// Tells failures of a cell's work worth retrying (network, throttling, expired credentials, a busy store) from
/// deterministic ones (bad config or data, a conflicting or corrupt store, access denied), the same way in a silo and in
/// the Lambda function.
/// </summary>
public static class CellFailures
{
    /// <summary>True when trying the cell again may succeed.</summary>
    public static bool IsRetryable(Exception exception) => exception switch
    {
        ConfigException or CatalogException or InvalidDataException or JsonException or FormatException or ArgumentException
            or StoreConflictException or UnauthorizedAccessException or LambdaPayloadTooLargeException or CellEventException => false,
        StoreBusyException => true,
        GranuleAccessException granule => CellWorker.IsRetryable(granule.Kind),
        AmazonServiceException service => (int)service.StatusCode >= 500 || service.ErrorType == ErrorType.Unknown && service.StatusCode != HttpStatusCode.Forbidden
            || service.ErrorCode is "SlowDown" or "Throttling" or "ThrottlingException" or "RequestTimeout" or "ExpiredToken",
        IOException or HttpRequestException or SocketException or TimeoutException or OperationCanceledException => true,
        _ => true,
    };
}
