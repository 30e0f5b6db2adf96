namespace Magg.Orleans.Client;

/// <summary>
/// What a planned run reads and writes, in allowlist form: the catalog's folder and its S3 bucket, and the store. The
/// embedded silo allows these for its own client's runs, so single-machine use needs no allowlist; a cluster's silos
/// decide for themselves (<c>--allow-granules</c>, <c>--allow-stores</c>).
/// </summary>
/// <param name="GranuleSources">The catalog's folder (local catalogs) and <c>s3://bucket/</c> of its <c>s3_base</c>.</param>
/// <param name="Stores">The store: its folder, or <c>s3://bucket/prefix/</c>.</param>
public sealed record RunAccess(IReadOnlyList<string> GranuleSources, IReadOnlyList<string> Stores)
{
    /// <summary>Nothing.</summary>
    public static RunAccess None { get; } = new([], []);
}
