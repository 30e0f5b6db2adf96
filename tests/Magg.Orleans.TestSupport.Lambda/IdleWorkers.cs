using System.Collections.Concurrent;

namespace Magg.Orleans.TestSupport.Lambda;

/// <summary>A thread-safe set of idle workers.</summary>
internal sealed class IdleWorkers : IDisposable
{
    private readonly ConcurrentQueue<EmulatorWorker> _queue = new();
    private readonly SemaphoreSlim _count = new(0);

    public void Add(EmulatorWorker worker)
    {
        _queue.Enqueue(worker);
        _count.Release();
    }

    public async Task<EmulatorWorker?> TakeAsync(TimeSpan wait)
    {
        while (await _count.WaitAsync(wait))
        {
            if (_queue.TryDequeue(out var worker) && worker.Waiting is { Task.IsCompleted: false })
            {
                return worker;
            }
        }

        return null;
    }

    public void Dispose() => _count.Dispose();
}
