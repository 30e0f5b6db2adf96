namespace Magg.Orleans.Cluster.Tests;

/// <summary>Every process a test started; disposing kills those still running (also when the test failed).</summary>
public sealed class ChildProcesses : IAsyncDisposable
{
    private readonly List<ChildProcess> _started = [];
    private readonly Lock _lock = new();

    /// <summary>The processes started so far.</summary>
    public IReadOnlyList<ChildProcess> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _started];
            }
        }
    }

    /// <summary>Starts a process that this owner kills on dispose.</summary>
    public ChildProcess Start(string name, string executable, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var child = ChildProcess.Start(name, executable, arguments, environment);
        lock (_lock)
        {
            _started.Add(child);
        }

        return child;
    }

    /// <summary>Everything each process wrote, for a failing test's message.</summary>
    public string Transcripts() => string.Join("\n\n", All.Select(p => $"===== {p.Name} (pid {p.Id}{(p.HasExited ? ", exited" : "")})\n{p.Transcript}"));

    /// <summary>Kills every process still running.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var child in All)
        {
            await child.DisposeAsync();
        }
    }
}
