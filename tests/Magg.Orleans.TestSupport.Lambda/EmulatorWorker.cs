using System.Diagnostics;
using System.Globalization;

namespace Magg.Orleans.TestSupport.Lambda;

/// <summary>One execution environment: a worker process polling its own Runtime API port, its log and its invocation.</summary>
internal sealed class EmulatorWorker(int index, int port)
{
    private readonly Lock _lock = new();
    private readonly List<string> _log = [];

    public int Index { get; } = index;

    public int Port { get; } = port;

    public Process? Process { get; set; }

    /// <summary>When the current process started (for its cold start).</summary>
    public long StartedAt { get; set; }

    /// <summary>Whether the current process has asked for its first invocation yet.</summary>
    public bool Ready { get; set; }

    /// <summary>The current process's init duration, billed with its first invocation.</summary>
    public TimeSpan? PendingInit { get; set; }

    /// <summary>The invocation the worker runs, if any.</summary>
    public PendingInvocation? Current { get; set; }

    /// <summary>Set when the worker waits in <c>next</c>: completing it hands over an invocation.</summary>
    public TaskCompletionSource<PendingInvocation>? Waiting { get; set; }

    /// <summary>Lines the process wrote since its invocation started.</summary>
    public void Append(string line)
    {
        lock (_lock)
        {
            _log.Add(line);
        }
    }

    /// <summary>Takes the lines written so far.</summary>
    public List<string> TakeLog()
    {
        lock (_lock)
        {
            var lines = _log.ToList();
            _log.Clear();
            return lines;
        }
    }

    /// <summary>The process's peak resident memory in MB (VmHWM), 0 when unknown.</summary>
    public int PeakMemoryMb()
    {
        try
        {
            var line = Process is { HasExited: false } process
                ? File.ReadLines($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
                : null;
            return line is null ? 0 : (int)(long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Gone, or its replacement not started yet (a crash relaunches the environment).
            return 0;
        }
    }
}
