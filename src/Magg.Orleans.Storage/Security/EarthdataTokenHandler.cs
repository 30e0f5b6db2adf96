using System.Net.Http.Headers;
using Magg.Orleans.Core.Security;

namespace Magg.Orleans.Storage.Security;

/// <summary>
/// Attaches the Earthdata bearer token to a request only when the policy allows its host (https, an Earthdata host)
/// and the request is not a redirect that left the first request's host; any other Authorization header is removed.
/// </summary>
internal sealed class EarthdataTokenHandler(AccessPolicy policy, Func<string> token) : DelegatingHandler
{
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        return base.Send(request, cancellationToken);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Authorize(request);
        return base.SendAsync(request, cancellationToken);
    }

    private void Authorize(HttpRequestMessage request)
    {
        request.Headers.Authorization = null;
        var url = request.RequestUri;
        if (url is null || !policy.MaySendToken(url))
        {
            return;
        }

        if (request.Options.TryGetValue(GuardedRequest.FirstHost, out var first) && first != AllowedPrefix.HostName(url))
        {
            return;
        }

        var value = token();
        if (value.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", value);
        }
    }
}
