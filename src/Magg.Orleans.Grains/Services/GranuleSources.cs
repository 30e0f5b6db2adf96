using Amazon.Runtime.Credentials;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Storage.Granules;
using Magg.Orleans.Storage.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Magg.Orleans.Grains.Services;

/// <summary>
/// Builds the silo's granule drivers: local files, S3 and HTTPS, behind the silo's <see cref="AccessPolicy"/>. Secrets come
/// from the environment only, are held in memory, never reach grain state or logs, and the Earthdata token goes only to
/// Earthdata hosts over https (<see cref="GuardedHttp"/>). The HTTP clients belong to the silo's services
/// (<see cref="GranuleHttpClients"/>), which dispose them when the silo stops.
/// </summary>
internal static class GranuleSources
{
    public static IGranuleSource Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GranuleDriverOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var policy = services.GetRequiredService<AccessPolicy>();
        var clients = services.GetRequiredService<GranuleHttpClients>();
        var s3 = new S3GranuleSource(S3Credentials(options, policy, clients, time), new S3GranuleSourceOptions
        {
            Region = options.Region,
            ServiceUrl = options.S3ServiceUrl,
            ForcePathStyle = options.S3ForcePathStyle,
        }, timeProvider: time);
        var https = new HttpsGranuleSource(_ => ValueTask.FromResult(""), clients.Remote, clients.Https);
        return new PolicyGranuleSource(new GranuleSourceSet([services.GetRequiredService<LocalGranuleSource>(), s3, https]), policy);
    }

    private static Func<CancellationToken, ValueTask<S3TemporaryCredentials>> S3Credentials(GranuleDriverOptions options, AccessPolicy policy,
        GranuleHttpClients clients, TimeProvider time)
    {
        var keyId = Environment.GetEnvironmentVariable("MAGG_S3_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("MAGG_S3_SECRET_ACCESS_KEY");
        var session = Environment.GetEnvironmentVariable("MAGG_S3_SESSION_TOKEN");
        if (keyId is { Length: > 0 } && secret is { Length: > 0 })
        {
            var fixedCredentials = new S3TemporaryCredentials(keyId, secret, session ?? "");
            return _ => ValueTask.FromResult(fixedCredentials);
        }

        var token = clients.Token;
        if (token.Length > 0 && options.S3ServiceUrl is null)
        {
            var endpoint = options.S3CredentialsEndpoint is { } url ? new Uri(url) : NsidcCredentialProvider.DefaultEndpoint;
            if (!policy.MaySendToken(endpoint))
            {
                throw new InvalidOperationException(
                    $"Magg:Granules:S3CredentialsEndpoint {endpoint.GetLeftPart(UriPartial.Path)} would receive the Earthdata token; it must be https on an Earthdata host");
            }

            var nsidc = new NsidcCredentialProvider(endpoint, _ => ValueTask.FromResult(token), clients.Credentials, time);
            return nsidc.GetAsync;
        }

        return async cancellationToken =>
        {
            // The standard AWS chain: environment, profile, ECS task role or instance role.
            var credentials = await DefaultAWSCredentialsIdentityResolver.GetCredentials().GetCredentialsAsync().ConfigureAwait(false);
            return new S3TemporaryCredentials(credentials.AccessKey, credentials.SecretKey, credentials.Token ?? "");
        };
    }
}
