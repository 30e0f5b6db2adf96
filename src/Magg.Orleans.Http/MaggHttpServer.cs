using Magg.Orleans.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Http;

/// <summary>
/// The HTTP API over a <see cref="MaggClient"/> (an embedded silo's, or a cluster silo's own): ASP.NET Core minimal API on
/// Kestrel, OpenAPI document at <c>/openapi/v1.json</c>, problem+json errors, a bearer token when configured (else
/// loopback only). Dispose it to stop listening.
/// </summary>
public sealed class MaggHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MaggHttpServer(WebApplication app, Uri address, bool requiresToken) => (_app, Address, RequiresToken) = (app, address, requiresToken);

    /// <summary>Where the API listens, e.g. <c>http://127.0.0.1:8080/</c> (with the port chosen when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>True when every <c>/v1</c> request must carry the bearer token.</summary>
    public bool RequiresToken { get; }

    /// <summary>The one line a server says at startup: where it listens and who may call it.</summary>
    public string Banner => RequiresToken
        ? $"HTTP API at {Address} (requests need the bearer token; put it behind TLS when it is reachable beyond this machine)"
        : $"HTTP API at {Address} (no token: loopback only)";

    /// <summary>Starts the API.</summary>
    /// <param name="client">The client runs go through (its silo checks them as any submission).</param>
    /// <param name="options">Where to listen, the token and the allowed folders.</param>
    /// <param name="logging">Adjusts logging (default: warnings and errors to standard error).</param>
    /// <param name="cancellationToken">Stops starting.</param>
    /// <exception cref="HttpApiOptionsException">A setting cannot be used; the message names the flag.</exception>
    public static async Task<MaggHttpServer> StartAsync(MaggClient client, HttpApiOptions options, Action<ILoggingBuilder>? logging = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var endpoint = options.Endpoint;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            kestrel.Listen(endpoint);
        });
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RunRequestReader>();
        builder.Services.AddSingleton<BearerTokenFilter>();
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiInfo>());

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).ExcludeFromDescription();
        var runs = app.MapGroup("/v1/runs").AddEndpointFilter<BearerTokenFilter>().WithTags("runs");
        RunEndpoints.Map(runs);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new HttpApiOptionsException($"--http {options.Listen}: cannot listen there ({e.Message})", e);
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel reports no address feature.");
        var bound = addresses.Addresses.First();
        return new MaggHttpServer(app, new Uri(bound.Replace("[::]", "0.0.0.0", StringComparison.Ordinal).TrimEnd('/') + "/"), options.Token is not null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
