namespace Magg.Orleans.Grains.Hosting;

/// <summary>The AWS SDKs' standard endpoint variables, as silos apply them to granule and store S3 clients.</summary>
internal static class AwsEndpointVariables
{
    /// <summary>
    /// A configured S3 endpoint as it is; else <c>AWS_ENDPOINT_URL_S3</c> or <c>AWS_ENDPOINT_URL</c> with path-style
    /// addressing (what S3-compatible servers need); else none.
    /// </summary>
    public static (string? ServiceUrl, bool ForcePathStyle) S3Default(string? serviceUrl, bool forcePathStyle) =>
        serviceUrl is not null ? (serviceUrl, forcePathStyle)
            : (Read("AWS_ENDPOINT_URL_S3") ?? Read("AWS_ENDPOINT_URL")) is { } endpoint ? (endpoint, true)
            : (null, forcePathStyle);

    private static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
