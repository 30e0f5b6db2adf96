using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// Turns an unsuccessful HTTP response into the exception to throw: <see cref="TransientHttpException"/> for what is
/// worth retrying, otherwise a <see cref="GranuleAccessException"/> of the right kind. Messages carry the status and
/// the S3 error code only, never a body, a header or a URL query.
/// </summary>
internal static partial class HttpFailures
{
    /// <summary>How much of an error body is read to find the S3 error code.</summary>
    public const int ErrorBodyLimit = 8 * 1024;

    private static readonly string[] ExpiredCodes = ["ExpiredToken", "TokenRefreshRequired", "RequestExpired", "InvalidToken"];

    /// <summary>The exception for <paramref name="response"/>, whose body starts with <paramref name="errorBody"/>.</summary>
    public static Exception FromResponse(HttpResponseMessage response, string errorBody, string granule)
    {
        var status = (int)response.StatusCode;
        var code = ErrorCode(errorBody);
        var description = Describe(response.StatusCode, response.ReasonPhrase, code);
        if (status is 408 or 429 || status >= 500 || code is "SlowDown" or "RequestTimeout" or "InternalError")
        {
            return new TransientHttpException(description);
        }

        if (status is 404 or 410)
        {
            return new GranuleAccessException(GranuleErrorKind.NotFound, granule, description);
        }

        if (status is 400 or 401 or 403 && IsExpiry(code, response.Headers.WwwAuthenticate, errorBody))
        {
            return new GranuleAccessException(GranuleErrorKind.CredentialsExpired, granule, description + ": the credentials have expired; refresh them");
        }

        if (status is 401 or 403)
        {
            return new GranuleAccessException(GranuleErrorKind.AccessDenied, granule, description + ": access denied");
        }

        return new GranuleAccessException(GranuleErrorKind.BadRequest, granule, description);
    }

    /// <summary>The first bytes of an error body as text (synchronously).</summary>
    public static string ReadErrorBody(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var body = response.Content.ReadAsStream(cancellationToken);
            var buffer = new byte[ErrorBodyLimit];
            var read = body.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The first bytes of an error body as text.</summary>
    public static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[ErrorBodyLimit];
                var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return Encoding.UTF8.GetString(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static bool IsExpiry(string? code, HttpHeaderValueCollection<AuthenticationHeaderValue> challenges, string errorBody) =>
        (code is not null && ExpiredCodes.Contains(code, StringComparer.Ordinal))
        || challenges.Any(c => c.Parameter?.Contains("expired", StringComparison.OrdinalIgnoreCase) == true)
        || ErrorMessage(errorBody)?.Contains("expired", StringComparison.OrdinalIgnoreCase) == true;

    private static string Describe(HttpStatusCode status, string? reason, string? code) =>
        string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status} {reason}{(code is null ? "" : $" ({code})")}").Replace("  ", " ", StringComparison.Ordinal);

    /// <summary>The <c>Code</c> of an S3 XML error body, when it looks like an identifier.</summary>
    private static string? ErrorCode(string body)
    {
        var match = CodePattern().Match(body);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The <c>Message</c> of an S3 XML error body, or the whole body of a short plain-text one (only ever inspected, never shown).</summary>
    private static string? ErrorMessage(string body)
    {
        var match = MessagePattern().Match(body);
        return match.Success ? match.Groups[1].Value : body.Length <= 512 ? body : null;
    }

    [GeneratedRegex(@"<Code>\s*([A-Za-z][A-Za-z0-9.]{0,63})\s*</Code>", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"<Message>([^<]{0,1024})</Message>", RegexOptions.CultureInvariant)]
    private static partial Regex MessagePattern();
}
