using System.Collections.Concurrent;
using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.TestSupport;

/// <summary>
/// Local granules, counting every open so tests can prove a cell read nothing; opens under a held folder wait until
/// the hold is released, so tests can keep cells in flight for as long as they need.
/// </summary>
public sealed class CountingGranuleSource : IGranuleSource
{
    private readonly LocalGranuleSource _files = new();
    private readonly ConcurrentQueue<Uri> _opened = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Uri> Opened => _opened;

    public bool CanOpen(Uri address) => _files.CanOpen(address);

    public async ValueTask<Stream> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        _opened.Enqueue(address);
        foreach (var (folder, hold) in _holds)
        {
            if (address.LocalPath.StartsWith(folder, StringComparison.Ordinal))
            {
                await hold.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return await _files.OpenAsync(address, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens of granules under <paramref name="folder"/> so far.</summary>
    public int OpenedUnder(string folder) => _opened.Count(a => a.LocalPath.StartsWith(folder, StringComparison.Ordinal));

    /// <summary>Makes opens of granules under <paramref name="folder"/> wait until the returned hold is disposed.</summary>
    public IDisposable Hold(string folder)
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _holds[folder] = hold;
        return new Release(() =>
        {
            _holds.TryRemove(folder, out _);
            hold.TrySetResult();
        });
    }

    public void Reset() => _opened.Clear();

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
