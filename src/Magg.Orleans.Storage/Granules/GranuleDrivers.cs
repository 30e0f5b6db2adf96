using Amazon.Runtime.Credentials;
using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// The remote granule drivers as a silo and the Lambda function build them, from the same variables: S3 with the temporary
/// credentials in <c>MAGG_S3_ACCESS_KEY_ID</c> / <c>MAGG_S3_SECRET_ACCESS_KEY</c> / <c>MAGG_S3_SESSION_TOKEN</c>, else
/// NSIDC credentials traded for <c>EARTHDATA_TOKEN</c> (renewed before they expire), else the AWS credential chain; HTTPS
/// with <c>EARTHDATA_TOKEN</c> as a bearer token. Secrets stay in memory: never logged, never sent anywhere else.
/// </summary>
public static class GranuleDrivers
{
    /// <summary>The S3 and HTTPS drivers (and, when <paramref name="localFiles"/> is given, local files) behind one source.</summary>
    /// <param name="settings">Regions and endpoints.</param>
    /// <param name="time">The clock credentials expire by.</param>
    /// <param name="environment">Where the secrets are read (default: the process environment).</param>
    /// <param name="localFiles">The driver of local paths (a silo's; the function reads none).</param>
    public static IGranuleSource Create(GranuleDriverSettings settings, TimeProvider time, Func<string, string?>? environment = null, LocalGranuleSource? localFiles = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        environment ??= Environment.GetEnvironmentVariable;
        var token = environment("EARTHDATA_TOKEN") ?? "";
        ValueTask<string> Token(CancellationToken _) => ValueTask.FromResult(token);
        var s3 = new S3GranuleSource(S3Credentials(settings, environment, token, time), new S3GranuleSourceOptions
        {
            Region = settings.Region,
            ServiceUrl = settings.S3ServiceUrl,
            ForcePathStyle = settings.S3ForcePathStyle,
        }, timeProvider: time);
        IGranuleSource[] remote = [s3, new HttpsGranuleSource(Token)];
        return new GranuleSourceSet(localFiles is null ? remote : [localFiles, .. remote]);
    }

    private static Func<CancellationToken, ValueTask<S3TemporaryCredentials>> S3Credentials(GranuleDriverSettings settings, Func<string, string?> environment,
        string token, TimeProvider time)
    {
        var keyId = environment("MAGG_S3_ACCESS_KEY_ID");
        var secret = environment("MAGG_S3_SECRET_ACCESS_KEY");
        if (keyId is { Length: > 0 } && secret is { Length: > 0 })
        {
            var fixedCredentials = new S3TemporaryCredentials(keyId, secret, environment("MAGG_S3_SESSION_TOKEN") ?? "");
            return _ => ValueTask.FromResult(fixedCredentials);
        }

        if (token.Length > 0 && settings.S3ServiceUrl is null)
        {
            var endpoint = settings.S3CredentialsEndpoint is { } url ? new Uri(url) : NsidcCredentialProvider.DefaultEndpoint;
            var nsidc = new NsidcCredentialProvider(endpoint, _ => ValueTask.FromResult(token), new HttpClient(), time);
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
