using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>A process a test started (a silo, a CLI command): its output lines, its exit, SIGKILL and SIGTERM.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _all = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>What the test calls it in messages (<c>silo 2</c>, <c>submit</c>).</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once the process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its standard output lines so far.</summary>
    public IReadOnlyList<string> OutputLines => [.. _output];

    /// <summary>The value of the <c>key: value</c> line of its standard output.</summary>
    public string Field(string key) =>
        OutputLines.LastOrDefault(l => l.StartsWith(key + ": ", StringComparison.Ordinal))?[(key.Length + 2)..]
        ?? throw new Xunit.Sdk.XunitException($"{Name} wrote no '{key}:' line:\n{Transcript}");

    /// <summary>Standard output and error so far, in arrival order (error lines marked).</summary>
    public string Transcript => string.Join('\n', _all);

    /// <summary>
    /// Starts <paramref name="executable"/>. The child's environment is this process's with <paramref name="environment"/>
    /// applied (a null value removes the variable).
    /// </summary>
    public static ChildProcess Start(string name, string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(executable, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Receive(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => child.Receive(e.Data, error: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>How many output lines (standard output or error) so far match.</summary>
    public int CountLines(Func<string, bool> match) => _all.Count(match);

    /// <summary>
    /// The first output line (standard output or error) that matches, after <paramref name="skip"/> earlier matches, waiting
    /// for it; fails when the process exits first.
    /// </summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken, int skip = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_all.Where(match).Skip(skip).FirstOrDefault() is { } line)
            {
                return line;
            }

            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                var why = _process.HasExited ? $"exited with code {_process.ExitCode}" : $"did not write it within {timeout.TotalSeconds:F0} s";
                throw new Xunit.Sdk.XunitException($"{Name} {why}; it wrote:\n{Transcript}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code; fails (with its transcript) after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"{Name} did not exit within {timeout.TotalSeconds:F0} s; it wrote:\n{Transcript}");
        }

        // The parameterless wait also drains the redirected output.
        await _process.WaitForExitAsync(CancellationToken.None);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, to the process and its children: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>SIGTERM (a graceful stop), then SIGKILL if it has not exited after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(cancellationToken);
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(grace);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
        }
    }

    /// <summary>Kills the process tree if it still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private void Receive(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }

        if (!error)
        {
            _output.Enqueue(line);
        }

        _all.Enqueue(error ? "! " + line : line);
    }
}
