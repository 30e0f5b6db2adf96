using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// NSIDC temporary S3 credentials from the DAAC's <c>s3credentials</c> endpoint, authorised by an Earthdata Login
/// bearer token. They last about an hour; this provider caches them and fetches new ones shortly before they expire,
/// so long runs keep reading. Neither the token nor the credentials are ever logged or put in messages.
/// </summary>
public sealed class NsidcCredentialProvider(Uri endpoint, Func<CancellationToken, ValueTask<string>> bearerToken, HttpClient httpClient, TimeProvider time) : IDisposable
{
    /// <summary>The NSIDC endpoint (credentials valid for us-west-2 only).</summary>
    public static Uri DefaultEndpoint { get; } = new("https://data.nsidc.earthdatacloud.nasa.gov/s3credentials");

    /// <summary>How long before expiry the credentials are renewed.</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private S3TemporaryCredentials? _current;

    /// <summary>The current credentials, fetched when missing or about to expire.</summary>
    /// <exception cref="GranuleAccessException">The endpoint refused the token or failed.</exception>
    public async ValueTask<S3TemporaryCredentials> GetAsync(CancellationToken cancellationToken)
    {
        if (IsFresh(_current))
        {
            return _current!;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsFresh(_current))
            {
                _current = await FetchAsync(cancellationToken).ConfigureAwait(false);
            }

            return _current!;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private bool IsFresh(S3TemporaryCredentials? credentials) =>
        credentials is not null && (credentials.Expiration is not { } expiry || expiry - RefreshMargin > time.GetUtcNow());

    private async Task<S3TemporaryCredentials> FetchAsync(CancellationToken cancellationToken)
    {
        var display = endpoint.GetLeftPart(UriPartial.Path);
        using var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        var token = await bearerToken(cancellationToken).ConfigureAwait(false);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new GranuleAccessException(GranuleErrorKind.Transient, display, $"cannot reach the S3 credentials endpoint: {e.Message}", e);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new GranuleAccessException(GranuleErrorKind.AccessDenied, display,
                    $"the S3 credentials endpoint refused the Earthdata token (HTTP {(int)response.StatusCode}); get a new token at urs.earthdata.nasa.gov");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new GranuleAccessException((int)response.StatusCode >= 500 ? GranuleErrorKind.Transient : GranuleErrorKind.BadRequest, display,
                    $"the S3 credentials endpoint answered HTTP {(int)response.StatusCode}");
            }

            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var root = json.RootElement;
            return new S3TemporaryCredentials(Text(root, "accessKeyId", display), Text(root, "secretAccessKey", display), Text(root, "sessionToken", display),
                root.TryGetProperty("expiration", out var expiration) && DateTimeOffset.TryParse(expiration.GetString(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal, out var when) ? when : null);
        }
    }

    private static string Text(JsonElement root, string name, string display) =>
        root.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
            ? text
            : throw new GranuleAccessException(GranuleErrorKind.BadRequest, display, $"the S3 credentials endpoint's answer has no '{name}'");
}
