using System.Collections.Concurrent;
using System.Globalization;

namespace Magg.Orleans.TestSupport;

/// <summary>
/// A real moto_server (S3, DynamoDB and more) on 127.0.0.1, started by the test and killed on dispose.
/// Install it with <c>pip install "moto[server]"</c>.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    /// <summary>Credentials moto accepts; they never leave the test process.</summary>
    public const string AccessKey = "testing";

    /// <summary>Secret moto accepts.</summary>
    public const string SecretKey = "testing";

    /// <summary>Region the tests use.</summary>
    public const string Region = "us-west-2";

    private readonly ConcurrentQueue<string> _requests;
    private readonly LoopbackServer _server;

    private MotoServer(LoopbackServer server, ConcurrentQueue<string> requests)
    {
        _server = server;
        _requests = requests;
    }

    /// <summary>The port the server listens on.</summary>
    public int Port => _server.Port;

    /// <summary>The endpoint to give AWS clients as ServiceURL.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The request lines moto logged so far (<c>"GET /bucket/key HTTP/1.1" 200</c>), in order.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Starts a new server on a free port and waits until it accepts connections.</summary>
    public static async Task<MotoServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = ExternalTool.Require("moto_server", "pip install \"moto[server]\"");
        var port = FreePort.Next();
        var requests = new ConcurrentQueue<string>();
        var server = await LoopbackServer.StartAsync(executable, ["-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture)], port,
            line =>
            {
                if (line.Contains(" HTTP/1.", StringComparison.Ordinal))
                {
                    requests.Enqueue(line);
                }
            }, cancellationToken);
        return new MotoServer(server, requests);
    }

    /// <summary>Kills the server and its children.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
