using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.TestSupport;

/// <summary>
/// A Kestrel server on one loopback address that records every request it receives (path and headers) and serves:
/// <c>/files/{name}</c> from a folder (with ranges), <c>/redirect/{base64url of URL}</c> as a 302 to that URL (see
/// <see cref="RedirectUrl"/>; no query string, which granule addresses may not carry), anything else 404.
/// Over https with a certificate from <see cref="TestCertificates"/>, or plain http.
/// </summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private RecordingServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>e.g. <c>https://127.0.0.2:5123</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The requests received so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts a server on <paramref name="address"/>:<paramref name="port"/> serving <paramref name="folder"/>.</summary>
    public static async Task<RecordingServer> StartAsync(IPAddress address, int port, string folder, X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(address, port, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate });
            }
        }));
        var app = builder.Build();
        var scheme = certificate is null ? "http" : "https";
        var server = new RecordingServer(app, $"{scheme}://{address}:{port.ToString(CultureInfo.InvariantCulture)}");
        app.Use(async (context, next) =>
        {
            server._requests.Enqueue(new RecordedRequest(context.Request.Host.Value ?? "", context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "", context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await next(context);
        });
        app.MapGet("/files/{name}", (string name) =>
        {
            var path = Path.Combine(folder, Path.GetFileName(name));
            return File.Exists(path) ? Results.File(path, "application/x-hdf5", enableRangeProcessing: true) : Results.NotFound();
        });
        app.MapGet("/redirect/{to}", (string to) => Results.Redirect(System.Text.Encoding.UTF8.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(to))));
        await app.StartAsync(cancellationToken);
        return server;
    }

    /// <summary>This server's URL that redirects to <paramref name="target"/> (absolute, or a path on this server).</summary>
    public string RedirectUrl(string target) =>
        $"{BaseUrl}/redirect/{Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(target))}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
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
