using System.Net;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;

namespace Magg.Orleans.Storage.Security;

/// <summary>
/// Follows redirects itself (the handler below never does), so each hop is judged before it is requested: https only
/// (http to a loopback literal under the test option), no credentials in the URL, no private or link-local address
/// literal; the connect step then checks every address a host name resolves to. The Range header is kept, the
/// Authorization header is not (the token handler decides again per hop). A refused connection becomes a
/// <see cref="GranuleErrorKind.Refused"/> failure naming the hop.
/// </summary>
internal sealed class RedirectHandler(AccessPolicy policy) : DelegatingHandler
{
    /// <summary>Most redirects followed for one request.</summary>
    public const int MaxRedirects = 10;

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = request;
        for (var hop = 0; ; hop++)
        {
            HttpResponseMessage response;
            try
            {
                response = base.Send(current, cancellationToken);
            }
            catch (HttpRequestException e) when (Refusal(e) is { } refused)
            {
                throw PolicyGranuleSource.Refused(current.RequestUri!, refused.Message);
            }

            if (Next(request, current, response, hop) is not { } next)
            {
                return response;
            }

            current = next;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = request;
        for (var hop = 0; ; hop++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (Refusal(e) is { } refused)
            {
                throw PolicyGranuleSource.Refused(current.RequestUri!, refused.Message);
            }

            if (Next(request, current, response, hop) is not { } next)
            {
                return response;
            }

            current = next;
        }
    }

    /// <summary>The request that follows <paramref name="response"/>'s redirect, or null when it is no redirect.</summary>
    private HttpRequestMessage? Next(HttpRequestMessage first, HttpRequestMessage current, HttpResponseMessage response, int hop)
    {
        if (response.StatusCode is not (HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
                or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect) || response.Headers.Location is not { } location)
        {
            return null;
        }

        var from = current.RequestUri!;
        response.Dispose();
        if (!ReferenceEquals(current, first))
        {
            current.Dispose();
        }

        if (hop >= MaxRedirects)
        {
            throw new GranuleAccessException(GranuleErrorKind.BadRequest, GranuleNames.Display(first.RequestUri!), $"more than {MaxRedirects} redirects");
        }

        var target = location.IsAbsoluteUri ? location : new Uri(from, location);
        if (HopRefusal(target) is { } refusal)
        {
            throw PolicyGranuleSource.Refused(first.RequestUri!, $"it redirects to {GranuleNames.Display(target)}: {refusal}");
        }

        var next = new HttpRequestMessage(HttpMethod.Get, target) { Version = first.Version, VersionPolicy = first.VersionPolicy };
        next.Headers.Range = first.Headers.Range;
        next.Options.Set(GuardedRequest.FirstHost, AllowedPrefix.HostName(first.RequestUri!));
        return next;
    }

    private string? HopRefusal(Uri target)
    {
        if (target.UserInfo.Length > 0)
        {
            return "the address carries user info";
        }

        var literal = IPAddress.TryParse(target.Host.Trim('[', ']'), out var ip);
        var loopbackForTests = policy.Options.AllowLoopbackForTests && literal && AddressRules.IsLoopback(ip!);
        if (target.Scheme != Uri.UriSchemeHttps && !(target.Scheme == Uri.UriSchemeHttp && loopbackForTests))
        {
            return $"'{target.Scheme}' is refused; redirects are followed over https only";
        }

        return literal ? AddressRules.Refusal(ip!, policy.Options.AllowLoopbackForTests) : null;
    }

    private static AddressRefusedException? Refusal(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is AddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
