using System.Net;
using Amazon.S3;

namespace Magg.Orleans.Storage.Objects;

/// <summary>How S3 answers a conditional request (If-None-Match / If-Match) that did not hold.</summary>
internal static class S3Conditions
{
    /// <summary>412 (the condition failed) or 409 (a concurrent conditional write won the race).</summary>
    public static bool IsConflict(AmazonS3Exception exception) =>
        exception.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict;

    /// <summary>The object is not there (a lock released between our calls).</summary>
    public static bool IsMissing(AmazonS3Exception exception) => exception.StatusCode == HttpStatusCode.NotFound;
}
