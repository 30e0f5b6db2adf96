using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;

namespace Magg.Orleans.Storage.Lambda;

/// <summary>
/// Lambda's Invoke API without the Lambda SDK: <c>POST /2015-03-31/functions/{name}/invocations</c>, RequestResponse,
/// with the tail of the log (<c>X-Amz-Log-Type: Tail</c>, whose REPORT line says what was billed), signed with SigV4
/// for service <c>lambda</c> by AWSSDK.Core's signer with the standard AWS credential chain. The endpoint is
/// <see cref="LambdaEndpoint.Resolve(string)"/>'s. Every HTTP outcome is returned as a <see cref="LambdaInvocation"/>;
/// only a network failure throws.
/// </summary>
public sealed class LambdaInvoker : IDisposable
{
    private const string ApiVersion = "2015-03-31";
    private readonly HttpClient _http;
    private readonly LambdaInvokerOptions _options;
    private readonly Func<string, string?> _environment;
    private readonly Lazy<AWSCredentials> _credentials;

    /// <summary>An invoker.</summary>
    /// <param name="options">Timeout and payload bound (default: <see cref="LambdaInvokerOptions"/>).</param>
    /// <param name="credentials">Credentials to sign with (default: the AWS credential chain: environment, profile, ECS task or instance role).</param>
    /// <param name="handler">The HTTP handler (default: a pooled <see cref="SocketsHttpHandler"/>).</param>
    /// <param name="environment">Where endpoint variables are read (default: the process environment).</param>
    public LambdaInvoker(LambdaInvokerOptions? options = null, AWSCredentials? credentials = null, HttpMessageHandler? handler = null,
        Func<string, string?>? environment = null)
    {
        _options = options ?? new LambdaInvokerOptions();
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _credentials = new Lazy<AWSCredentials>(() => credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials());
        _http = new HttpClient(handler ?? new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The URL of function <paramref name="functionName"/>'s Invoke in <paramref name="region"/>.</summary>
    public Uri InvokeUrl(string functionName, string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(functionName);
        var endpoint = LambdaEndpoint.Resolve(region, _environment);
        return new Uri(endpoint, $"{endpoint.AbsolutePath.TrimEnd('/')}/{ApiVersion}/functions/{Uri.EscapeDataString(functionName)}/invocations");
    }

    /// <summary>Invokes <paramref name="functionName"/> with <paramref name="payload"/> and waits for its answer.</summary>
    /// <exception cref="LambdaPayloadTooLargeException">The payload is over <see cref="LambdaInvokerOptions.MaxPayloadBytes"/>; nothing was sent.</exception>
    /// <exception cref="HttpRequestException">The endpoint could not be reached.</exception>
    public async Task<LambdaInvocation> InvokeAsync(string functionName, string region, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (payload.Length > _options.MaxPayloadBytes)
        {
            throw new LambdaPayloadTooLargeException(string.Create(CultureInfo.InvariantCulture,
                $"the event for Lambda function {functionName} is {payload.Length:N0} bytes, over the {_options.MaxPayloadBytes:N0} bytes Lambda takes; it was not sent"));
        }

        var url = InvokeUrl(functionName, region);
        using var request = await SignedRequestAsync(url, region, payload.ToArray(), cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return Interpret(response, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LambdaInvocation(LambdaInvocationKind.FunctionError, 0, [], "Timeout",
                string.Create(CultureInfo.InvariantCulture, $"Timeout: function {functionName} gave no answer within {_options.Timeout.TotalSeconds:F0} s"), null);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<HttpRequestMessage> SignedRequestAsync(Uri url, string region, byte[] body, CancellationToken cancellationToken)
    {
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = url, Content = body };
        signing.Headers["Content-Type"] = "application/json";
        signing.Headers["X-Amz-Invocation-Type"] = "RequestResponse";
        signing.Headers["X-Amz-Log-Type"] = "Tail";
        var signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = _credentials.Value,
            Region = RegionEndpoint.GetBySystemName(region),
            Service = "lambda",
        }, cancellationToken).ConfigureAwait(false);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in signing.Headers.Concat(signed.Headers))
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && !name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private static LambdaInvocation Interpret(HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        var report = LambdaReport.Parse(TailLog(response));
        if (response.StatusCode == HttpStatusCode.OK)
        {
            if (Header(response, "X-Amz-Function-Error") is { } functionError)
            {
                var (type, message) = ErrorDocument(body);
                return new LambdaInvocation(LambdaInvocationKind.FunctionError, status, body, type ?? functionError,
                    $"{type ?? functionError}: {message ?? "no message"}", report);
            }

            return new LambdaInvocation(LambdaInvocationKind.Answered, status, body, null, "", report);
        }

        var (errorType, errorMessage) = ErrorDocument(body);
        errorType = Header(response, "x-amzn-ErrorType")?.Split(':')[0] ?? errorType;
        var kind = status is 429 || status >= 500 ? LambdaInvocationKind.Throttled : LambdaInvocationKind.Rejected;
        return new LambdaInvocation(kind, status, body, errorType, string.Create(CultureInfo.InvariantCulture,
            $"Lambda answered {status} {errorType ?? response.ReasonPhrase}: {errorMessage ?? "no message"}"), report);
    }

    private static string? TailLog(HttpResponseMessage response)
    {
        if (Header(response, "X-Amz-Log-Result") is not { } encoded)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>The type and message of an error document: Lambda's (<c>Type</c>/<c>__type</c>, <c>message</c>) or a function's (<c>errorType</c>, <c>errorMessage</c>).</summary>
    private static (string? Type, string? Message) ErrorDocument(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Bounded(Encoding.UTF8.GetString(body)));
            }

            return (Text(document.RootElement, "errorType", "Type", "__type"), Bounded(Text(document.RootElement, "errorMessage", "message", "Message")));
        }
        catch (JsonException)
        {
            return (null, body.Length == 0 ? null : Bounded(Encoding.UTF8.GetString(body)));
        }
    }

    private static string? Text(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }

    private static string? Bounded(string? text) => text is { Length: > 1000 } ? text[..1000] + "…" : text;
}
