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

    /// <summary>Creates or replaces the object.</summary>
    Task WriteAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>True when the object exists.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every key that starts with <paramref name="prefix"/> (plain string prefix, as S3 lists), in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes every object whose key starts with <paramref name="prefix"/>; an empty prefix empties the store.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);
}
