using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Magg.Orleans.Http.Tests;

/// <summary>
/// A <c>magg-orleans</c> process serving the HTTP API (<c>serve</c>, or <c>silo --http</c>) that a test started: its address once
/// it said where it listens, its output, and a kill (of it and its children) on dispose, even when the test fails.
/// </summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServeProcess(Process process) => _process = process;

    /// <summary>The API's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The line that said where the API listens.</summary>
    public string Banner { get; private set; } = "";

    /// <summary>Standard output and error so far (error lines marked with <c>!</c>).</summary>
    public string Transcript => string.Join('\n', _lines);

    /// <summary>True once it exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit code (after it exited).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <c>magg-orleans <paramref name="args"/></c> and waits until it says where the API listens.</summary>
    public static async Task<ServeProcess> StartAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var serve = Launch(environment, args);
        try
        {
            await serve.WaitForBannerAsync(TimeSpan.FromMinutes(2));
            return serve;
        }
        catch
        {
            await serve.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <c>magg-orleans <paramref name="args"/></c> without waiting for anything.</summary>
    public static ServeProcess Launch(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [CliDll(), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("MAGG_HTTP_TOKEN");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start };
        var serve = new ServeProcess(process);
        process.OutputDataReceived += (_, e) => serve.Receive(e.Data, "");
        process.ErrorDataReceived += (_, e) => serve.Receive(e.Data, "! ");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return serve;
    }

    /// <summary>Waits for the process to exit (failing with its transcript after <paramref name="timeout"/>); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"magg-orleans did not exit within {timeout.TotalSeconds:F0} s; it wrote:\n{Transcript}");
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM (a graceful stop) and waits for the exit; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>Kills the process (and its children) if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitForBannerAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_lines.Select(l => BannerLine().Match(l)).FirstOrDefault(m => m.Success) is { } match)
            {
                Banner = match.Value;
                Address = new Uri(match.Groups["url"].Value);
                return;
            }

            if (_process.HasExited || watch.Elapsed > timeout)
            {
                var why = _process.HasExited ? $"exited with code {_process.ExitCode}" : $"did not say where it listens within {timeout.TotalSeconds:F0} s";
                throw new Xunit.Sdk.XunitException($"magg-orleans {why}; it wrote:\n{Transcript}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private void Receive(string? line, string mark)
    {
        if (line is not null)
        {
            _lines.Enqueue(mark + line);
        }
    }

    /// <summary>The repository's root folder (the one with Magg.Orleans.sln).</summary>
    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Magg.Orleans.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return root.FullName;
    }

    /// <summary>The CLI's build output for this test build's configuration.</summary>
    private static string CliDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(RepositoryRoot(), "src", "Magg.Orleans.Cli", "bin", here.Parent!.Name, here.Name, "magg-orleans.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first");
        return dll;
    }

    [GeneratedRegex(@"HTTP API at (?<url>http://[^\s]+/) \(.*\)")]
    private static partial Regex BannerLine();
}
