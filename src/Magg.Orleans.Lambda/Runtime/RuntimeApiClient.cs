using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Magg.Orleans.Lambda.Runtime;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) at <c>AWS_LAMBDA_RUNTIME_API</c>: <c>invocation/next</c> (a long poll),
/// <c>invocation/{id}/response</c>, <c>invocation/{id}/error</c> and <c>init/error</c>; errors are
/// <c>{"errorMessage", "errorType"}</c> with the <c>Lambda-Runtime-Function-Error-Type</c> header.
/// </summary>
internal sealed class RuntimeApiClient(HttpClient http, string runtimeApi)
{
    private readonly Uri _root = new($"http://{runtimeApi}/2018-06-01/runtime/");

    /// <summary>Waits for the next invocation.</summary>
    /// <exception cref="HttpRequestException">The Runtime API did not answer with an invocation.</exception>
    public async Task<RuntimeInvocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri(_root, "invocation/next"), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var id = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new HttpRequestException("the Runtime API's next invocation has no Lambda-Runtime-Aws-Request-Id");
        DateTimeOffset? deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
        return new RuntimeInvocation(id, deadline, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Answers invocation <paramref name="requestId"/>.</summary>
    public Task RespondAsync(string requestId, byte[] body, CancellationToken cancellationToken) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", body, null, cancellationToken);

    /// <summary>Fails invocation <paramref name="requestId"/>: the caller of Invoke sees <c>X-Amz-Function-Error: Unhandled</c> and this error.</summary>
    public Task ReportErrorAsync(string requestId, string errorType, string message, CancellationToken cancellationToken) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", Error(errorType, message), errorType, cancellationToken);

    /// <summary>Reports that the function could not start; Lambda then fails the pending invocation and stops the process.</summary>
    public Task ReportInitErrorAsync(string errorType, string message, CancellationToken cancellationToken) =>
        PostAsync("init/error", Error(errorType, message), errorType, cancellationToken);

    private async Task PostAsync(string path, byte[] body, string? errorType, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_root, path)) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", errorType);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static byte[] Error(string errorType, string message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("errorMessage", message);
            json.WriteString("errorType", errorType);
            json.WriteStartArray("stackTrace");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
