using Magg.Orleans.Core.Security;
using Magg.Orleans.Storage.Granules;
using Magg.Orleans.Storage.Security;

namespace Magg.Orleans.Grains.Services;

/// <summary>
/// The HTTP clients of a silo's granule drivers, owned by the silo's services so they are disposed (their pooled
/// connections closed) when the silo stops: the guarded client of https granules (<see cref="GuardedHttp"/>) and the
/// client that fetches NSIDC's temporary S3 credentials.
/// </summary>
internal sealed class GranuleHttpClients : IDisposable
{
    public GranuleHttpClients(AccessPolicy policy)
    {
        var token = Token;
        Https = GuardedHttp.CreateClient(policy, () => token, Remote.RequestTimeout);
    }

    /// <summary>The Earthdata token from <c>EARTHDATA_TOKEN</c> (empty: none); held in memory only.</summary>
    public string Token { get; } = Environment.GetEnvironmentVariable("EARTHDATA_TOKEN") ?? "";

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
