using System.Globalization;

namespace Magg.Orleans.TestSupport;

/// <summary>
/// A real redis-server on 127.0.0.1 (nothing saved to disk), started by the test and killed on dispose.
/// Install it with <c>apt-get install redis-server</c> (<c>./test.sh</c> does).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private RedisServer(LoopbackServer server) => _server = server;

    /// <summary>The StackExchange.Redis connection string, <c>127.0.0.1:PORT</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{_server.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts a new server on a free port and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = ExternalTool.Require("redis-server", "apt-get install redis-server (./test.sh installs it)");
        var port = FreePort.Next();
        string[] arguments = ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
        return new RedisServer(await LoopbackServer.StartAsync(executable, arguments, port, cancellationToken: cancellationToken));
    }

    /// <summary>Kills the server.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
