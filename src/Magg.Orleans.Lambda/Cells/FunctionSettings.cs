using Magg.Orleans.Core.Security;
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
/// <param name="Access">
/// What events may make the function read and write, with a cluster silo's names and defaults: <c>MAGG_ALLOW_GRANULES</c>
/// and <c>MAGG_ALLOW_STORES</c> (comma-separated; NSIDC's Earthdata Cloud sources and no store by default, no local
/// folder unless listed), <c>MAGG_ACCESS__EARTHDATAHOSTS__0</c>, <c>__1</c>... (more hosts that may receive the token) and,
/// for tests only, <c>MAGG_ALLOW_LOOPBACK_FOR_TESTS</c>.
/// </param>
internal sealed record FunctionSettings(string Region, string? S3ServiceUrl, GranuleDriverSettings Granules, LogLevel LogLevel, AccessOptions Access)
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
        return new FunctionSettings(Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION") ?? "us-west-2", endpoint, granules, logLevel, ReadAccess(Variable));
    }

    private static AccessOptions ReadAccess(Func<string, string?> variable)
    {
        var access = new AccessOptions
        {
            AllowGranules = List(variable, "MAGG_ALLOW_GRANULES"),
            AllowStores = List(variable, "MAGG_ALLOW_STORES"),
            AllowLoopbackForTests = variable("MAGG_ALLOW_LOOPBACK_FOR_TESTS") is { } loopback && (bool.TryParse(loopback, out var on)
                ? on : throw new FormatException($"MAGG_ALLOW_LOOPBACK_FOR_TESTS is '{loopback}', not true or false")),
        };
        for (var i = 0; variable($"MAGG_ACCESS__EARTHDATAHOSTS__{i}") is { } host; i++)
        {
            access.EarthdataHosts.Add(host);
        }

        return access;
    }

    private static List<string> List(Func<string, string?> variable, string name)
    {
        var entries = (variable(name) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var entry in entries)
        {
            try
            {
                AllowedPrefix.Parse(entry);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{name}: {e.Message}", e);
            }
        }

        return entries;
    }
}
