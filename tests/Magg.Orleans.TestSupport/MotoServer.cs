using System.Diagnostics;
using System.Net.Sockets;

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

    private readonly Process _process;

    private MotoServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The endpoint to give AWS clients as ServiceURL.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Starts a new server on a free port and waits until it accepts connections.</summary>
    public static async Task<MotoServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = ExternalTool.Require("moto_server", "pip install \"moto[server]\"");
        var port = FreePort.Next();
        var start = new ProcessStartInfo(executable, ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new MotoServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {process.ExitCode} before listening on port {port}.");
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
