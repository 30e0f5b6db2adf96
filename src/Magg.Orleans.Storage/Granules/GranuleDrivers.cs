using Amazon.Runtime.Credentials;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Storage.Security;

namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// The granule drivers as a silo and the Lambda function build them, from the same variables and behind the same
/// <see cref="AccessPolicy"/>: local files, S3 with the temporary credentials in <c>MAGG_S3_ACCESS_KEY_ID</c> /
/// <c>MAGG_S3_SECRET_ACCESS_KEY</c> / <c>MAGG_S3_SESSION_TOKEN</c>, else NSIDC credentials traded for <c>EARTHDATA_TOKEN</c>
/// (renewed before they expire), else the AWS credential chain; HTTPS through <see cref="GuardedHttp"/>, which sends the
/// Earthdata token only to Earthdata hosts over https. Every address is judged by <see cref="PolicyGranuleSource"/> before
/// a driver opens it. Secrets stay in memory: never logged, never sent anywhere else.
/// </summary>
public static class GranuleDrivers
{
    /// <summary>The drivers behind <paramref name="policy"/>.</summary>
    /// <param name="settings">Regions and endpoints.</param>
    /// <param name="policy">What may be read, and where the token may go.</param>
    /// <param name="clients">The HTTP clients (the caller owns and disposes them).</param>
    /// <param name="localFiles">The driver of local paths.</param>
    /// <param name="time">The clock credentials expire by.</param>
    /// <param name="environment">Where the S3 secrets are read (default: the process environment).</param>
    /// <exception cref="InvalidOperationException">The S3 credentials endpoint would receive the token but is not an Earthdata host over https.</exception>
    public static PolicyGranuleSource Create(GranuleDriverSettings settings, AccessPolicy policy, GranuleHttpClients clients, LocalGranuleSource localFiles,
        TimeProvider time, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(localFiles);
        ArgumentNullException.ThrowIfNull(time);
        var s3 = new S3GranuleSource(S3Credentials(settings, policy, clients, time, environment ?? Environment.GetEnvironmentVariable), new S3GranuleSourceOptions
        {
            Region = settings.Region,
            ServiceUrl = settings.S3ServiceUrl,
            ForcePathStyle = settings.S3ForcePathStyle,
        }, timeProvider: time);
        var https = new HttpsGranuleSource(_ => ValueTask.FromResult(""), clients.Remote, clients.Https);
        return new PolicyGranuleSource(new GranuleSourceSet([localFiles, s3, https]), policy);
    }

    private static Func<CancellationToken, ValueTask<S3TemporaryCredentials>> S3Credentials(GranuleDriverSettings settings, AccessPolicy policy,
        GranuleHttpClients clients, TimeProvider time, Func<string, string?> environment)
    {
        var keyId = environment("MAGG_S3_ACCESS_KEY_ID");
        var secret = environment("MAGG_S3_SECRET_ACCESS_KEY");
        if (keyId is { Length: > 0 } && secret is { Length: > 0 })
        {
            var fixedCredentials = new S3TemporaryCredentials(keyId, secret, environment("MAGG_S3_SESSION_TOKEN") ?? "");
            return _ => ValueTask.FromResult(fixedCredentials);
        }

        var token = clients.Token;
        if (token.Length > 0 && settings.S3ServiceUrl is null)
        {
            var endpoint = settings.S3CredentialsEndpoint is { } url ? new Uri(url) : NsidcCredentialProvider.DefaultEndpoint;
            if (!policy.MaySendToken(endpoint))
            {
                throw new InvalidOperationException(
                    $"the S3 credentials endpoint {endpoint.GetLeftPart(UriPartial.Path)} would receive the Earthdata token; it must be https on an Earthdata host");
            }

            var nsidc = new NsidcCredentialProvider(endpoint, _ => ValueTask.FromResult(token), clients.Credentials, time);
            return nsidc.GetAsync;
        }

        return async cancellationToken =>
        {
            // The standard AWS chain: environment, profile, ECS task role, Lambda execution role or instance role.
            var credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentials().GetCredentialsAsync().ConfigureAwait(false);
            return new S3TemporaryCredentials(credentials.AccessKey, credentials.SecretKey, credentials.Token ?? "");
        };
    }
}
