using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Magg.Orleans.Storage.Objects;

/// <summary>
/// Objects under <c>s3://bucket/prefix/</c>. S3 replaces an object atomically on PUT, so whole-object writes need no
/// extra care. The client's own retry policy handles throttling and transient errors.
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    private const int DeleteBatch = 1000;

    private readonly IAmazonS3 _client;
    private readonly bool _ownsClient;
    private readonly TimeProvider _time;

    /// <summary>A store over <paramref name="bucket"/> under <paramref name="prefix"/> ("" for the bucket root).</summary>
    /// <param name="client">The S3 client; the caller keeps ownership unless <paramref name="ownsClient"/>.</param>
    /// <param name="bucket">Bucket name.</param>
    /// <param name="prefix">Key prefix of the store's root, with or without a trailing '/'.</param>
    /// <param name="ownsClient">Dispose <paramref name="client"/> with the store.</param>
    /// <param name="timeProvider">The clock of lock expiries (default: the system clock).</param>
    public S3ObjectStore(IAmazonS3 client, string bucket, string prefix, bool ownsClient = false, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        _client = client;
        _ownsClient = ownsClient;
        _time = timeProvider ?? TimeProvider.System;
        Bucket = bucket;
        var trimmed = prefix.Trim('/');
        ObjectKeys.ValidatePrefix(trimmed);
        Prefix = trimmed.Length == 0 ? "" : trimmed + "/";
    }

    /// <summary>The bucket.</summary>
    public string Bucket { get; }

    /// <summary>The root prefix, empty or ending with '/'.</summary>
    public string Prefix { get; }

    /// <inheritdoc />
    public string Location => $"s3://{Bucket}/{Prefix}";

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await _client.GetObjectAsync(Bucket, FullKey(key), cancellationToken).ConfigureAwait(false);
            var length = response.ContentLength;
            using var buffer = length is > 0 and <= int.MaxValue ? new MemoryStream((int)length) : new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        await PutAsync(key, data, ifNoneMatch: null, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> TryCreateAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        try
        {
            await PutAsync(key, data, ifNoneMatch: "*", cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (S3Conditions.IsConflict(e))
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = FullKey(key) }, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<IAsyncDisposable> LockAsync(string key, string owner, StoreLockOptions options, CancellationToken cancellationToken = default) =>
        S3StoreLock.AcquireAsync(_client, Bucket, FullKey(key), $"{Location}{key}", owner, options, _time, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.GetObjectMetadataAsync(Bucket, FullKey(key), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectKeys.ValidatePrefix(prefix);
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = Prefix + prefix };
        do
        {
            var response = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.S3Objects ?? [])
            {
                yield return item.Key[Prefix.Length..];
            }

            request.ContinuationToken = response.IsTruncated == true ? response.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    /// <inheritdoc />
    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var batch = new List<KeyVersion>(DeleteBatch);
        await foreach (var key in ListAsync(prefix, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(new KeyVersion { Key = Prefix + key });
            if (batch.Count == DeleteBatch)
            {
                await DeleteAsync(batch, cancellationToken).ConfigureAwait(false);
                batch = new List<KeyVersion>(DeleteBatch);
            }
        }

        if (batch.Count > 0)
        {
            await DeleteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the client when the store owns it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task DeleteAsync(List<KeyVersion> keys, CancellationToken cancellationToken)
    {
        var response = await _client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = Bucket, Objects = keys, Quiet = true }, cancellationToken)
            .ConfigureAwait(false);
        if (response.DeleteErrors is { Count: > 0 } errors)
        {
            throw new IOException($"Could not delete {errors.Count} objects under {Location}: {errors[0].Key}: {errors[0].Code} {errors[0].Message}");
        }
    }

    private async Task<PutObjectResponse> PutAsync(string key, ReadOnlyMemory<byte> data, string? ifNoneMatch, CancellationToken cancellationToken)
    {
        var bytes = MemoryMarshal.TryGetArray(data, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(data.ToArray(), writable: false);
        using (bytes)
        {
            var request = new PutObjectRequest
            {
                BucketName = Bucket,
                Key = FullKey(key),
                InputStream = bytes,
                AutoCloseStream = false,
                ContentType = "application/octet-stream",
            };
            if (ifNoneMatch is not null)
            {
                request.IfNoneMatch = ifNoneMatch;
            }

            return await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    private string FullKey(string key)
    {
        ObjectKeys.Validate(key);
        return Prefix + key;
    }
}
