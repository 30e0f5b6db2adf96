using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;

namespace Magg.Orleans.Storage.Objects;

/// <summary>
/// A lock object created with a conditional PUT (<c>If-None-Match: *</c>): the first writer owns it. It records its
/// holder and an expiry the holder pushes forward every third of the TTL (<c>If-Match</c> on its own ETag); a lock
/// past its expiry belongs to a dead holder and is deleted with <c>If-Match</c> on the ETag that was read, so two
/// waiters can never both take it over.
/// </summary>
internal sealed class S3StoreLock : IAsyncDisposable
{
    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _key;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewal;
    private string _etag;

    private S3StoreLock(IAmazonS3 client, string bucket, string key, string etag, string owner, StoreLockOptions options, TimeProvider time)
    {
        (_client, _bucket, _key, _etag) = (client, bucket, key, etag);
        _renewal = RenewAsync(owner, options, time, _stop.Token);
    }

    public static async Task<IAsyncDisposable> AcquireAsync(IAmazonS3 client, string bucket, string key, string display, string owner,
        StoreLockOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = time.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var created = await PutAsync(client, bucket, key, owner, time.GetUtcNow() + options.Ttl, ifMatch: null, cancellationToken).ConfigureAwait(false);
                return new S3StoreLock(client, bucket, key, created.ETag, owner, options, time);
            }
            catch (AmazonS3Exception e) when (S3Conditions.IsConflict(e))
            {
            }

            var holder = await ReadAsync(client, bucket, key, cancellationToken).ConfigureAwait(false);
            if (holder is null)
            {
                continue;
            }

            if (holder.ExpiresAt < time.GetUtcNow())
            {
                await DeleteAsync(client, bucket, key, holder.ETag, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (time.GetElapsedTime(started) >= options.Wait)
            {
                throw new StoreBusyException(string.Create(CultureInfo.InvariantCulture,
                    $"The store lock {display} is held by {holder.Owner} (until {holder.ExpiresAt:O} unless renewed); gave up after waiting {options.Wait.TotalSeconds:F0} s."));
            }

            await Task.Delay(options.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        await DeleteAsync(_client, _bucket, _key, _etag, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task RenewAsync(string owner, StoreLockOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Ttl / 3, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                var renewed = await PutAsync(_client, _bucket, _key, owner, time.GetUtcNow() + options.Ttl, _etag, cancellationToken).ConfigureAwait(false);
                _etag = renewed.ETag;
            }
            catch (AmazonS3Exception e) when (S3Conditions.IsConflict(e) || S3Conditions.IsMissing(e))
            {
                // Taken over after we failed to renew in time: nothing left to renew or release.
                return;
            }
        }
    }

    private static async Task<PutObjectResponse> PutAsync(IAmazonS3 client, string bucket, string key, string owner, DateTimeOffset expiresAt,
        string? ifMatch, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(new LockRecord(owner, expiresAt)), writable: false);
        var request = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, AutoCloseStream = false, ContentType = "application/json" };
        if (ifMatch is null)
        {
            request.IfNoneMatch = "*";
        }
        else
        {
            request.IfMatch = ifMatch;
        }

        return await client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Holder?> ReadAsync(IAmazonS3 client, string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            LockRecord? record;
            try
            {
                record = await JsonSerializer.DeserializeAsync<LockRecord>(response.ResponseStream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                record = null;
            }

            // An unreadable lock object cannot be renewed by anyone: treat it as expired.
            return new Holder(record?.Owner ?? "(unreadable lock)", record?.ExpiresAt ?? DateTimeOffset.MinValue, response.ETag);
        }
        catch (AmazonS3Exception e) when (S3Conditions.IsMissing(e))
        {
            return null;
        }
    }

    private static async Task DeleteAsync(IAmazonS3 client, string bucket, string key, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key, IfMatch = etag }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (S3Conditions.IsConflict(e) || S3Conditions.IsMissing(e))
        {
        }
    }

    private sealed record LockRecord(string Owner, DateTimeOffset ExpiresAt);

    private sealed record Holder(string Owner, DateTimeOffset ExpiresAt, string ETag);
}
