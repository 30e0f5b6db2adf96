namespace Magg.Orleans.Grains.Hosting;

/// <summary>The AWS SDKs' standard endpoint variables, as silos apply them to granule and store S3 clients.</summary>
internal static class AwsEndpointVariables
{
    /// <summary>
    /// A configured S3 endpoint as it is; else <c>AWS_ENDPOINT_URL_S3</c> or <c>AWS_ENDPOINT_URL</c> with path-style
    /// addressing (what S3-compatible servers need); else none.
    /// </summary>
    public static (string? ServiceUrl, bool ForcePathStyle) S3Default(string? serviceUrl, bool forcePathStyle) =>
        S3Default(serviceUrl, forcePathStyle, Environment.GetEnvironmentVariable);

    /// <summary><see cref="S3Default(string?, bool)"/> over the variables <paramref name="environment"/> returns.</summary>
    internal static (string? ServiceUrl, bool ForcePathStyle) S3Default(string? serviceUrl, bool forcePathStyle, Func<string, string?> environment)
    {
        if (serviceUrl is not null)
        {
            return (serviceUrl, forcePathStyle);
        }

        var endpoint = Read("AWS_ENDPOINT_URL_S3") ?? Read("AWS_ENDPOINT_URL");
        return endpoint is null ? (null, forcePathStyle) : (endpoint, true);

        string? Read(string name) => environment(name) is { Length: > 0 } value ? value : null;
    }
}
