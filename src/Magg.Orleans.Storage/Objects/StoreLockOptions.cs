namespace Magg.Orleans.Storage.Objects;

/// <summary>How <see cref="IObjectStore.LockAsync"/> waits and how long an unrenewed lock lives.</summary>
/// <param name="Wait">How long to wait for another holder before giving up.</param>
/// <param name="Ttl">An S3 lock whose holder stopped renewing it (a dead process) is taken over after this; holders renew every third of it.</param>
/// <param name="PollInterval">How often a waiter tries again.</param>
public sealed record StoreLockOptions(TimeSpan Wait, TimeSpan Ttl, TimeSpan PollInterval)
{
    /// <summary>Wait 30 s, expire after 2 min, try again every 100 ms.</summary>
    public static StoreLockOptions Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100));
}
