namespace Magg.Orleans.Storage.Objects;

/// <summary>
/// A flat key/value object store (a local folder or an S3 prefix). Keys use <c>/</c> as separator and are relative to
/// the store's root; a write replaces the whole object atomically, so readers never see half an object.
/// </summary>
public interface IObjectStore : IDisposable
{
    /// <summary>Where the store is, for messages (a folder path or <c>s3://bucket/prefix</c>); never holds credentials.</summary>
    string Location { get; }

    /// <summary>The object's bytes, or null when there is no such object.</summary>
    Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the object; it is durable when the task completes.</summary>
    Task WriteAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>Creates the object only when there is none (atomically): true when this call created it.</summary>
    Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>True when the object exists.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes the object; nothing happens when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every key that starts with <paramref name="prefix"/> (plain string prefix, as S3 lists), in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes every object whose key starts with <paramref name="prefix"/>; an empty prefix empties the store.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the exclusive lock <paramref name="key"/> of this store (one holder at a time, across processes and
    /// machines that share the store), waiting up to <see cref="StoreLockOptions.Wait"/> for the holder. Disposing the
    /// result releases it. A holder that died releases it too: a local lock dies with its process, an S3 lock that is
    /// not renewed expires after <see cref="StoreLockOptions.Ttl"/>.
    /// </summary>
    /// <exception cref="StoreBusyException">Another holder kept the lock for the whole wait; the message names it.</exception>
    Task<IAsyncDisposable> LockAsync(string key, string owner, StoreLockOptions options, CancellationToken cancellationToken = default);
}
