using Magg.Orleans.Core.Security;
using Magg.Orleans.Storage.Security;

namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// The HTTP clients of the granule drivers (a silo's, the Lambda function's), owned by whoever built them so they are
/// disposed (their pooled connections closed) when it stops: the guarded client of https granules
/// (<see cref="GuardedHttp"/>) and the client that fetches NSIDC's temporary S3 credentials.
/// </summary>
public sealed class GranuleHttpClients : IDisposable
{
    /// <summary>Builds the clients under <paramref name="policy"/>, with the Earthdata token of <paramref name="environment"/> (default: the process's).</summary>
    public GranuleHttpClients(AccessPolicy policy, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var token = (environment ?? Environment.GetEnvironmentVariable)("EARTHDATA_TOKEN") ?? "";
        Token = token;
        Https = GuardedHttp.CreateClient(policy, () => token, Remote.RequestTimeout);
    }

    /// <summary>The Earthdata token from <c>EARTHDATA_TOKEN</c> (empty: none); held in memory only.</summary>
    public string Token { get; }

    /// <summary>The settings of https granule requests.</summary>
    public RemoteGranuleOptions Remote { get; } = new();

    /// <summary>The guarded client of https granules.</summary>
    public HttpClient Https { get; }

    /// <summary>The client of NSIDC's S3 credentials endpoint (no redirects: the token goes to that endpoint only).</summary>
    public HttpClient Credentials { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false });

    /// <inheritdoc />
    public void Dispose()
    {
        Https.Dispose();
        Credentials.Dispose();
    }
}
