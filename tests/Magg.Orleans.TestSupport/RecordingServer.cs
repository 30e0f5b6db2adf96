using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Magg.Orleans.TestSupport;

/// <summary>
/// A small HTTP/1.1 server on one loopback address (https with a certificate from <see cref="TestCertificates"/>, or
/// plain http) that records every request it receives (path and headers) and serves <c>GET /files/{name}</c> from a
/// folder (with byte ranges; the file name is the path's last segment, so <c>/files/a/x.h5</c> serves <c>x.h5</c> too),
/// <c>GET /redirect/{base64url of URL}</c> as a 302 to that URL (see <see cref="RedirectUrl"/>), and <c>GET /stall/...</c>
/// never (it holds the connection open until the client closes it); anything else is a 404. It is written on sockets rather than Kestrel so that test
/// projects that start the product's executables from their own output folder need no ASP.NET framework.
/// </summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _folder;
    private readonly X509Certificate2? _certificate;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _openConnections;

    private RecordingServer(TcpListener listener, string folder, X509Certificate2? certificate, string baseUrl)
    {
        _listener = listener;
        _folder = folder;
        _certificate = certificate;
        BaseUrl = baseUrl;
        _accepting = AcceptAsync();
    }

    /// <summary>e.g. <c>https://127.0.0.2:5123</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The requests received so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Client connections open now.</summary>
    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <summary>Awaited before each <c>/files/</c> response (a test may hold responses back, e.g. to count requests in flight).</summary>
    public Func<RecordedRequest, Task>? BeforeResponse { get; set; }

    /// <summary>Starts a server on <paramref name="address"/>:<paramref name="port"/> serving <paramref name="folder"/>.</summary>
    public static Task<RecordingServer> StartAsync(IPAddress address, int port, string folder, X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var listener = new TcpListener(address, port);
        listener.Start();
        var scheme = certificate is null ? "http" : "https";
        return Task.FromResult(new RecordingServer(listener, folder, certificate, $"{scheme}://{address}:{port.ToString(CultureInfo.InvariantCulture)}"));
    }

    /// <summary>This server's URL that redirects to <paramref name="target"/> (absolute, or a path on this server).</summary>
    public string RedirectUrl(string target) =>
        $"{BaseUrl}/redirect/{Convert.ToBase64String(Encoding.UTF8.GetBytes(target)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        Interlocked.Increment(ref _openConnections);
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var ssl = new SslStream(stream);
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
                    stream = ssl;
                }

                await using (stream)
                {
                    while (await ReadRequestAsync(stream) is { } request)
                    {
                        _requests.Enqueue(request);
                        await RespondAsync(stream, request);
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                // The client went away or refused the certificate.
            }
            finally
            {
                Interlocked.Decrement(ref _openConnections);
            }
        }
    }

    private static async Task<RecordedRequest?> ReadRequestAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0 || head.Length > 64 * 1024)
            {
                return null;
            }

            head.Append((char)one[0]);
        }

        var lines = head.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var target = lines[0].Split(' ')[1];
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(p => p[1].Trim())), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(headers.GetValueOrDefault("Host") ?? "", query < 0 ? target : target[..query], query < 0 ? "" : target[query..], headers);
    }

    private async Task RespondAsync(Stream stream, RecordedRequest request)
    {
        if (request.Path.StartsWith("/redirect/", StringComparison.Ordinal))
        {
            var encoded = request.Path["/redirect/".Length..].Replace('-', '+').Replace('_', '/');
            var location = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.PadRight((encoded.Length + 3) / 4 * 4, '=')));
            await WriteAsync(stream, "302 Found", [("Location", location)], ReadOnlyMemory<byte>.Empty);
            return;
        }

        if (request.Path.StartsWith("/stall/", StringComparison.Ordinal))
        {
            // Never answer: wait for the client to give up (or the server to stop).
            while (await stream.ReadAsync(new byte[1], _stop.Token) > 0)
            {
            }

            throw new IOException("the client closed the stalled connection");
        }

        if (BeforeResponse is { } hold)
        {
            await hold(request);
        }

        var path = Path.Combine(_folder, Path.GetFileName(request.Path));
        if (!request.Path.StartsWith("/files/", StringComparison.Ordinal) || !File.Exists(path))
        {
            await WriteAsync(stream, "404 Not Found", [], ReadOnlyMemory<byte>.Empty);
            return;
        }

        var bytes = await File.ReadAllBytesAsync(path);
        if (request.Headers.TryGetValue("Range", out var range) && range.StartsWith("bytes=", StringComparison.Ordinal))
        {
            var parts = range[6..].Split('-');
            var from = long.Parse(parts[0], CultureInfo.InvariantCulture);
            var to = Math.Min(parts[1].Length > 0 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : bytes.Length - 1, bytes.Length - 1);
            if (from >= bytes.Length)
            {
                await WriteAsync(stream, "416 Range Not Satisfiable", [("Content-Range", $"bytes */{bytes.Length}")], ReadOnlyMemory<byte>.Empty);
                return;
            }

            await WriteAsync(stream, "206 Partial Content", [("Content-Range", $"bytes {from}-{to}/{bytes.Length}")], bytes.AsMemory((int)from, (int)(to - from + 1)));
            return;
        }

        await WriteAsync(stream, "200 OK", [], bytes);
    }

    private static async Task WriteAsync(Stream stream, string status, (string Name, string Value)[] headers, ReadOnlyMemory<byte> body)
    {
        var head = new StringBuilder($"HTTP/1.1 {status}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }
}

/// <summary>One request a <see cref="RecordingServer"/> received.</summary>
/// <param name="Host">The Host header.</param>
/// <param name="Path">The path.</param>
/// <param name="Query">The query string.</param>
/// <param name="Headers">Every header.</param>
public sealed record RecordedRequest(string Host, string Path, string Query, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The Authorization header, or null.</summary>
    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;
}
