using Magg.Orleans.Storage.Objects;

namespace Magg.Orleans.Storage.Zarr;

/// <summary>How runs share a store: its structural lock, and how long a run's registration lives without renewal.</summary>
/// <param name="Lock">The lock taken around template creation or overwrite and consolidation.</param>
/// <param name="RunTtl">A run registered in the store (so that no other run overwrites it) is presumed gone when it
/// has not renewed its registration for this long.</param>
public sealed record StoreLeaseOptions(StoreLockOptions Lock, TimeSpan RunTtl)
{
    /// <summary>The default lock, and registrations that live 10 minutes.</summary>
    public static StoreLeaseOptions Default { get; } = new(StoreLockOptions.Default, TimeSpan.FromMinutes(10));
}
