using Magg.Orleans.Client;
using Magg.Orleans.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Silo;

/// <summary>
/// The HTTP API of <c>magg-orleans silo --http</c>: started once the silo is up, over the silo's own cluster client, so every
/// request goes through the same grains and checks as a gateway submission.
/// </summary>
internal sealed partial class HttpApiService(IClusterClient cluster, HttpApiOptions options, TimeProvider time, ILogger<HttpApiService> logger) : IHostedService
{
    private MaggHttpServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _server = await MaggHttpServer.StartAsync(new MaggClient(cluster, time), options, cancellationToken: cancellationToken).ConfigureAwait(false);
        LogListening(logger, _server.Banner);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Banner}")]
    private static partial void LogListening(ILogger logger, string banner);
}
