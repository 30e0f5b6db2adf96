using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Magg.Orleans.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Magg.Orleans.Http.Tests;

/// <summary>
/// A local fake of NSIDC's endpoints (Kestrel over https on loopback): <c>/s3credentials</c> answers temporary S3 keys (moto's) for
/// the one Earthdata token it knows, and <c>/data/{name}</c> serves the small fixture's granules (with ranges) to that
/// bearer token only. It records the Authorization headers it saw.
/// </summary>
public sealed class FakeEarthdata(WebApplication app, string url, ConcurrentQueue<string> seen, TaskCompletionSource gate) : IAsyncDisposable
{
    /// <summary>Lets granule requests held since <see cref="StartAsync"/> (with <c>holdData</c>) through, and every later one.</summary>
    public void Release() => gate.TrySetResult();

    /// <summary>Where it listens, e.g. <c>https://127.0.0.1:41000</c>.</summary>
    public string Url { get; } = url;

    /// <summary>Requests so far: <c>path authorization</c>.</summary>
    public IReadOnlyList<string> Requests => [.. seen];

    /// <summary>
    /// Starts it over https with <paramref name="certificate"/> (the token goes to Earthdata hosts over https only), accepting
    /// <paramref name="token"/>; with <paramref name="holdData"/>, granule requests wait for <see cref="Release"/>.
    /// </summary>
    public static async Task<FakeEarthdata> StartAsync(string token, X509Certificate2 certificate, bool holdData = false)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!holdData)
        {
            gate.SetResult();
        }

        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var granules = Path.Combine(TestData.Fixture("small"), "granules");
        var seen = new ConcurrentQueue<string>();
        bool Allowed(HttpContext http)
        {
            var authorization = http.Request.Headers.Authorization.ToString();
            seen.Enqueue($"{http.Request.Path} {authorization}");
            return authorization == "Bearer " + token;
        }

        app.MapGet("/s3credentials", (HttpContext http) => Allowed(http)
            ? Results.Json(new
            {
                accessKeyId = MotoServer.AccessKey,
                secretAccessKey = MotoServer.SecretKey,
                sessionToken = "session",
                expiration = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd HH:mm:ss+00:00", System.Globalization.CultureInfo.InvariantCulture),
            })
            : Results.Unauthorized());
        app.MapGet("/data/{name}", async (HttpContext http, string name) =>
        {
            if (!Allowed(http))
            {
                return Results.Unauthorized();
            }

            await gate.Task.WaitAsync(http.RequestAborted);
            return Results.File(Path.Combine(granules, Path.GetFileName(name)), "application/x-hdf5", enableRangeProcessing: true);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new FakeEarthdata(app, $"https://127.0.0.1:{port}", seen, gate);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Release();
        return app.DisposeAsync();
    }
}
