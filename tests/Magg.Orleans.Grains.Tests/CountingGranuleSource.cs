using System.Collections.Concurrent;
using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Grains.Tests;

/// <summary>Local granules, counting every open so tests can prove a cell read nothing.</summary>
public sealed class CountingGranuleSource : IGranuleSource
{
    private readonly LocalGranuleSource _files = new();
    private readonly ConcurrentQueue<Uri> _opened = new();

    public IReadOnlyCollection<Uri> Opened => _opened;

    public bool CanOpen(Uri address) => _files.CanOpen(address);

    public ValueTask<Stream> OpenAsync(Uri address, CancellationToken cancellationToken)
    {
        _opened.Enqueue(address);
        return _files.OpenAsync(address, cancellationToken);
    }

    public void Reset() => _opened.Clear();
}
