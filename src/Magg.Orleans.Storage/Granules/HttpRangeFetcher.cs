using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Storage.Granules;

/// <summary>
/// Range GETs of one object over HTTP: asynchronous at open, genuinely synchronous (<see cref="HttpClient.Send(HttpRequestMessage, HttpCompletionOption, CancellationToken)"/>)
/// afterwards, each wrapped in the retry pipeline.
/// </summary>
/// <param name="client">The source's client.</param>
/// <param name="createGet">A new GET of the object, with whatever authorization it needs (called per attempt).</param>
/// <param name="granule">The object's address for messages.</param>
/// <param name="retry">The source's retry pipeline.</param>
/// <param name="statistics">The stream's counters (retries are counted here).</param>
internal sealed class HttpRangeFetcher(HttpClient client, Func<HttpRequestMessage> createGet, string granule, RemoteRetry retry, RangeStatistics statistics)
    : IRangeFetcher
{
    public string Granule => granule;

    public ValueTask<long> GetLengthAsync(Memory<byte> head, CancellationToken cancellationToken) =>
        retry.ExecuteAsync(token => ProbeOnceAsync(head, token), granule, statistics, cancellationToken);

    public int Fetch(long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        return retry.Execute(token => FetchOnce(offset, destination.Span, token), granule, statistics, cancellationToken);
    }

    private async ValueTask<long> ProbeOnceAsync(Memory<byte> head, CancellationToken cancellationToken)
    {
        using var request = createGet();
        request.Headers.Range = new RangeHeaderValue(0, head.Length - 1);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && response.Content.Headers.ContentRange is { Length: { } total, From: null })
        {
            return total; // an empty object: "bytes */0"
        }

        if (!response.IsSuccessStatusCode)
        {
            throw HttpFailures.FromResponse(response, await HttpFailures.ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false), granule);
        }

        var length = response.StatusCode == HttpStatusCode.PartialContent
            ? CheckedRange(response, 0).Length ?? throw Unsupported("the response to a range request does not give the object's length")
            : response.Content.Headers.ContentLength ?? throw Unsupported("the response gives neither a range nor a length");
        var wanted = (int)Math.Min(head.Length, length);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var read = await body.ReadAtLeastAsync(head[..wanted], wanted, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            return read == wanted ? length : throw new IOException("the connection closed before the whole range arrived");
        }
    }

    private int FetchOnce(long offset, Span<byte> destination, CancellationToken cancellationToken)
    {
        using var request = createGet();
        request.Headers.Range = new RangeHeaderValue(offset, offset + destination.Length - 1);
        using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw HttpFailures.FromResponse(response, HttpFailures.ReadErrorBody(response, cancellationToken), granule);
        }

        using var body = response.Content.ReadAsStream(cancellationToken);
        long available;
        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var range = CheckedRange(response, offset);
            available = range.To is { } to ? to - offset + 1 : destination.Length;
        }
        else
        {
            Skip(body, offset); // the server ignored the range and sends the whole object
            available = response.Content.Headers.ContentLength is { } length ? length - offset : destination.Length;
        }

        var expected = (int)Math.Clamp(available, 0, destination.Length);
        var read = body.ReadAtLeast(destination, expected, throwOnEndOfStream: false);
        return read >= expected ? read : throw new IOException("the connection closed before the whole range arrived");
    }

    private ContentRangeHeaderValue CheckedRange(HttpResponseMessage response, long offset)
    {
        var range = response.Content.Headers.ContentRange ?? throw Unsupported("a partial response has no Content-Range");
        return range.From == offset
            ? range
            : throw Unsupported(string.Create(CultureInfo.InvariantCulture, $"asked for bytes from {offset}, the server sent {range}"));
    }

    private static void Skip(Stream body, long count)
    {
        var buffer = new byte[64 * 1024];
        while (count > 0)
        {
            var read = body.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                return;
            }

            count -= read;
        }
    }

    private GranuleAccessException Unsupported(string message) => new(GranuleErrorKind.BadRequest, granule, message);
}
