using System.Collections.Concurrent;
using Magg.Orleans.Storage.Objects;

namespace Magg.Orleans.Storage.Tests.Support;

/// <summary>An object store that records every write and delete, in order, before passing it on.</summary>
internal sealed class RecordingObjectStore(IObjectStore inner) : IObjectStore
{
    private readonly ConcurrentQueue<(string Operation, string Key)> _operations = new();

    public IReadOnlyList<(string Operation, string Key)> Operations => [.. _operations];

    public string Location => inner.Location;

    public void Clear() => _operations.Clear();

    public Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default) => inner.ReadAsync(key, cancellationToken);

    public Task WriteAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        _operations.Enqueue(("write", key));
        return inner.WriteAsync(key, data, cancellationToken);
    }

    public Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        _operations.Enqueue(("create", key));
        return inner.TryCreateAsync(key, data, cancellationToken);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        _operations.Enqueue(("delete", key));
        return inner.DeleteAsync(key, cancellationToken);
    }

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        _operations.Enqueue(("delete-prefix", prefix));
        return inner.DeletePrefixAsync(prefix, cancellationToken);
    }

    public Task<IAsyncDisposable> LockAsync(string key, string owner, StoreLockOptions options, CancellationToken cancellationToken = default) =>
        inner.LockAsync(key, owner, options, cancellationToken);

    public void Dispose() => inner.Dispose();
}
