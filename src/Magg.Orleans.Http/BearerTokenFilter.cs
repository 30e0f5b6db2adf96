using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Magg.Orleans.Http;

/// <summary>
/// Requires <c>Authorization: Bearer TOKEN</c> when the API has a token: 401 without one, 403 with another. The tokens are
/// compared in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/> over their SHA-256, so the length
/// does not leak either).
/// </summary>
internal sealed class BearerTokenFilter(HttpApiOptions options) : IEndpointFilter
{
    private readonly byte[]? _expected = options.Token is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_expected is null)
        {
            return await next(context).ConfigureAwait(false);
        }

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized();
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _expected)
            ? await next(context).ConfigureAwait(false)
            : Problems.Forbidden();
    }
}
