using System.Net.Sockets;
using Amazon.Runtime;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Grains.Cells;

/// <summary>Tells failures worth retrying (network, throttling, expired credentials) from deterministic ones (bad config or data).</summary>
internal static class FailureClassifier
{
    public static bool IsRetryable(Exception exception) => exception switch
    {
        ConfigException or CatalogException or InvalidDataException or FormatException or ArgumentException
            or RunRefusedException or Security.CellDeadlineException => false,
        GranuleAccessException granule => IsRetryable(granule.Kind),
        AmazonServiceException service => (int)service.StatusCode >= 500 || service.ErrorType == ErrorType.Unknown
            || service.ErrorCode is "SlowDown" or "Throttling" or "ThrottlingException" or "RequestTimeout" or "ExpiredToken",
        IOException or HttpRequestException or SocketException or TimeoutException or OperationCanceledException => true,
        _ => true,
    };

    /// <summary>Granule failures that a later attempt may not hit (the others are reported and the cell goes on without the granule).</summary>
    public static bool IsRetryable(GranuleErrorKind kind) => kind is GranuleErrorKind.Transient or GranuleErrorKind.CredentialsExpired;
}
