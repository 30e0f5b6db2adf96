using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Magg.Orleans.Catalog.Cmr;

/// <summary>
/// NASA CMR granule search in UMM-JSON, paged with the <c>CMR-Search-After</c> header (CMR's recommended way; offset
/// paging is capped) until a page comes back empty or every <c>CMR-Hits</c> granule is in. Requests go to
/// <c>{searchRoot}/granules.umm_json</c>; redirects are not followed, so the token never leaves the CMR host.
/// </summary>
public sealed partial class CmrClient : IDisposable
{
    private const string UmmJson = "application/vnd.nasa.cmr.umm_json+json";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly CmrClientOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly Uri _granulesUrl;

    /// <summary>
    /// A client for the search root <paramref name="searchRoot"/> (e.g. <c>https://cmr.earthdata.nasa.gov/search</c>). A
    /// given <paramref name="http"/> client should not follow redirects either, or the token could go with them.
    /// </summary>
    public CmrClient(Uri searchRoot, CmrClientOptions? options = null, HttpClient? http = null, ILogger<CmrClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(searchRoot);
        _options = options ?? new CmrClientOptions();
        _granulesUrl = new Uri(searchRoot.AbsoluteUri.TrimEnd('/') + "/granules.umm_json");
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(30) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _retry = CmrRetry.Create(_options, (attempt, error) => LogRetry(_logger, Endpoint, attempt, error));
    }

    /// <summary>The granule search URL (without the query).</summary>
    public string Endpoint => _granulesUrl.AbsoluteUri;

    private bool SendsToken => !string.IsNullOrEmpty(_options.EarthdataToken)
        && (_granulesUrl.Scheme == Uri.UriSchemeHttps || _granulesUrl.IsLoopback);

    /// <summary>Every page of <paramref name="search"/>, in CMR's order (start date).</summary>
    /// <exception cref="CatalogSearchException">CMR rejected the search, or stayed unreachable after the retries.</exception>
    public async IAsyncEnumerable<CmrPage> SearchAsync(CmrGranuleSearch search, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var url = new Uri($"{_granulesUrl.AbsoluteUri}?{search.QueryString}");
        string? searchAfter = null;
        var received = 0;
        int? hits = null;
        for (var number = 1; ; number++)
        {
            var (granules, pageHits, next) = await FetchPageAsync(url, searchAfter, cancellationToken).ConfigureAwait(false);
            hits ??= pageHits;
            if (granules.Count == 0)
            {
                yield break;
            }

            received += granules.Count;
            yield return new CmrPage(number, hits ?? received, granules);
            if (received >= hits || next is null)
            {
                yield break;
            }

            searchAfter = next;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<(List<CmrGranule> Granules, int? Hits, string? SearchAfter)> FetchPageAsync(Uri url, string? searchAfter, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _retry.ExecuteAsync(static async (state, token) =>
            {
                var (client, url, searchAfter) = state;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(client._options.RequestTimeout);
                using var request = client.Request(url, searchAfter);
                var answer = await client._http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                return answer;
            }, (this, url, searchAfter), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (CmrRetry.IsTransient(e, cancellationToken))
        {
            var last = e is OperationCanceledException ? "the request timed out" : $"{e.GetType().Name}: {e.Message}";
            throw new CatalogSearchException($"CMR unreachable at {Endpoint} after {_options.MaxRetryAttempts + 1} attempts; last error: {last}.", e);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                JsonDocument document;
                try
                {
                    document = await JsonDocument.ParseAsync(body, default, cancellationToken).ConfigureAwait(false);
                }
                catch (JsonException e)
                {
                    throw new CatalogSearchException($"CMR at {Endpoint} answered with something that is not UMM-JSON ({e.Message}).", e);
                }

                using (document)
                {
                    var hits = Header(response, "CMR-Hits") is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var h)
                        ? h
                        : document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("hits", out var hitsElement)
                            && hitsElement.TryGetInt32(out var fromBody) ? fromBody : (int?)null;
                    return (UmmGranuleReader.ReadItems(document.RootElement), hits, Header(response, "CMR-Search-After"));
                }
            }
        }
    }

    private HttpRequestMessage Request(Uri url, string? searchAfter)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(UmmJson));
        if (searchAfter is not null)
        {
            request.Headers.TryAddWithoutValidation("CMR-Search-After", searchAfter);
        }

        if (SendsToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.EarthdataToken);
        }

        return request;
    }

    private async Task<CatalogSearchException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        if (CmrRetry.IsTransient(response.StatusCode))
        {
            return new CatalogSearchException($"CMR unreachable at {Endpoint} after {_options.MaxRetryAttempts + 1} attempts; last error: {status}.");
        }

        if ((int)response.StatusCode is >= 300 and < 400)
        {
            return new CatalogSearchException($"CMR at {Endpoint} answered {status} (a redirect to '{response.Headers.Location}'); give that search root as --cmr-url.");
        }

        var message = await ErrorMessagesAsync(response, cancellationToken).ConfigureAwait(false);
        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " (check EARTHDATA_TOKEN)" : "";
        return new CatalogSearchException($"CMR rejected the search at {Endpoint}: {status}{hint}{(message.Length > 0 ? ": " + message : "")}");
    }

    /// <summary>CMR's <c>{"errors": [...]}</c> joined, or the start of a plain body.</summary>
    private static async Task<string> ErrorMessagesAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()));
            }
        }
        catch (JsonException)
        {
            // Not JSON: show the start of the body.
        }

        return text.Length <= 300 ? text.Trim() : text[..300].Trim() + "...";
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "CMR request to {Endpoint} failed ({Error}); retry {Attempt}")]
    private static partial void LogRetry(ILogger logger, string endpoint, int attempt, string error);
}
