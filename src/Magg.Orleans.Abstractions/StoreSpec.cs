using System.Security.Cryptography;
using System.Text;

namespace Magg.Orleans;

/// <summary>
/// Where the output Zarr store is and how to reach it. Never holds credentials: silos use their own
/// (the AWS credential chain, an ECS task role).
/// </summary>
/// <param name="Location">A local folder, <c>file://</c> URL or <c>s3://bucket/prefix</c>.</param>
/// <param name="Region">AWS region of an S3 store (null: the SDK's default).</param>
/// <param name="ServiceUrl">Endpoint of an S3-compatible server (null: AWS).</param>
/// <param name="ForcePathStyle">Path-style S3 addressing (needed by most S3-compatible servers).</param>
/// <param name="Compression">Chunk compression: <c>none</c> (default), <c>zstd</c> or <c>gzip</c>.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.StoreSpec")]
public sealed record StoreSpec(string Location, string? Region = null, string? ServiceUrl = null, bool ForcePathStyle = false, string Compression = "none")
{
    /// <summary>
    /// A short stable id of the store (hex of a SHA-256 prefix of its canonical location and endpoint), used in grain
    /// keys: every spelling of one store (<c>s3://b//p/</c>, <c>s3://b/p</c>) has one id, so one chunk has one grain.
    /// </summary>
    public string Id
    {
        get
        {
            var identity = ServiceUrl is { Length: > 0 } url ? $"{NormalizedLocation}\n{StoreLocations.CanonicalEndpoint(url)}" : NormalizedLocation;
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)).AsSpan(0, 8));
        }
    }

    /// <summary>The canonical location (see <see cref="StoreLocations.Canonical"/>).</summary>
    public string NormalizedLocation => StoreLocations.Canonical(Location);
}
