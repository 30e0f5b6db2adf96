using System.Runtime.CompilerServices;
using Magg.Orleans.Core.Caching;

namespace Magg.Orleans.Storage.Objects;

/// <summary>
/// An object store whose client lives in a bounded <see cref="LeasedCache{TKey,TValue}"/>: every operation rents the
/// client for its own duration (a listing for its enumeration, a lock until it is released), so a client the cache lets
/// go is disposed only once no operation uses it, and the next operation opens a new one.
/// </summary>
/// <typeparam name="TKey">What the cache keys clients by.</typeparam>
/// <param name="clients">The cache.</param>
/// <param name="clientKey">This store's key in it.</param>
/// <param name="open">Opens the store's client when the cache holds none.</param>
/// <param name="location">The store's location, for messages.</param>
public sealed class LeasedObjectStore<TKey>(LeasedCache<TKey, IObjectStore> clients, TKey clientKey, Func<TKey, IObjectStore> open, string location) : IObjectStore
    where TKey : notnull
{
    /// <inheritdoc />
    public string Location => location;

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        using var client = Rent();
        return await client.Value.ReadAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task WriteAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        using var client = Rent();
        await client.Value.WriteAsync(key, data, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        using var client = Rent();
        return await client.Value.TryCreateAsync(key, data, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        using var client = Rent();
        return await client.Value.ExistsAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        using var client = Rent();
        await client.Value.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var client = Rent();
        await foreach (var item in client.Value.ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    /// <inheritdoc />
    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        using var client = Rent();
        await client.Value.DeletePrefixAsync(prefix, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> LockAsync(string key, string owner, StoreLockOptions options, CancellationToken cancellationToken = default)
    {
        var client = Rent();
        try
        {
            return new LeasedLock(await client.Value.LockAsync(key, owner, options, cancellationToken).ConfigureAwait(false), client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Nothing to release: the cache owns the clients.</summary>
    public void Dispose()
    {
    }

    private CacheLease<IObjectStore> Rent() => clients.Rent(clientKey, open);

    private sealed class LeasedLock(IAsyncDisposable inner, IDisposable lease) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await inner.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                lease.Dispose();
            }
        }
    }
}
