using System.Diagnostics;
using System.Net.Sockets;

namespace Magg.Orleans.TestSupport;

/// <summary>A server process the tests start on a loopback port: started, waited for until it accepts connections, killed (with its children) on dispose.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly Process _process;

    private LoopbackServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>
    /// Starts <paramref name="executable"/> with <paramref name="arguments"/> (which make it listen on <paramref name="port"/>)
    /// and returns once the port accepts connections. Every line it writes goes to <paramref name="onOutput"/>.
    /// </summary>
    public static async Task<LoopbackServer> StartAsync(string executable, IEnumerable<string> arguments, int port, Action<string>? onOutput = null,
        CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new LoopbackServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"{Path.GetFileName(executable)} exited with code {process.ExitCode} before listening on port {port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        void Forward(string? line)
        {
            if (line is not null)
            {
                onOutput?.Invoke(line);
            }
        }
    }

    /// <summary>Kills the server and its children.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
