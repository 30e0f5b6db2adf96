using Magg.Orleans.Storage.Granules;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Lambda.Cells;

/// <summary>
/// The function's settings, from its environment (the deploy template sets them; Lambda sets <c>AWS_REGION</c> and
/// <c>AWS_LAMBDA_RUNTIME_API</c>, read by the program). S3 endpoints follow the AWS SDKs' variables, with path-style addressing.
/// </summary>
/// <param name="Region">The function's region: stores that name none are there (<c>AWS_REGION</c>).</param>
/// <param name="S3ServiceUrl">An S3-compatible endpoint for stores and granules (<c>AWS_ENDPOINT_URL_S3</c>, else <c>AWS_ENDPOINT_URL</c>; null: AWS).</param>
/// <param name="Granules">Granule regions and endpoints (<c>MAGG_GRANULES__REGION</c>, <c>MAGG_GRANULES__S3CREDENTIALSENDPOINT</c>).</param>
/// <param name="LogLevel">Least level logged (<c>MAGG_LOG_LEVEL</c>, default Information).</param>
internal sealed record FunctionSettings(string Region, string? S3ServiceUrl, GranuleDriverSettings Granules, LogLevel LogLevel)
{
    /// <summary>Reads the settings.</summary>
    /// <exception cref="FormatException">A variable is missing or malformed; the message names it.</exception>
    public static FunctionSettings Read(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Variable(string name) => environment(name) is { Length: > 0 } value ? value.Trim() : null;
        var endpoint = Variable("AWS_ENDPOINT_URL_S3") ?? Variable("AWS_ENDPOINT_URL");
        if (endpoint is not null && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            throw new FormatException($"AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL) is '{endpoint}', not an http(s) URL");
        }

        var logLevel = Variable("MAGG_LOG_LEVEL") is { } level
            ? Enum.TryParse<LogLevel>(level, ignoreCase: true, out var parsed) ? parsed : throw new FormatException($"MAGG_LOG_LEVEL is '{level}', not one of: {string.Join(", ", Enum.GetNames<LogLevel>())}")
            : LogLevel.Information;
        var granules = new GranuleDriverSettings(Variable("MAGG_GRANULES__REGION") ?? "us-west-2", endpoint, endpoint is not null,
            Variable("MAGG_GRANULES__S3CREDENTIALSENDPOINT"));
        return new FunctionSettings(Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION") ?? "us-west-2", endpoint, granules, logLevel);
    }
}
