namespace Magg.Orleans.Grains.Hosting;

/// <summary>
/// How silos reach S3 stores whose <see cref="StoreSpec"/> names no endpoint or region (configuration section
/// <c>Magg:Stores</c>). <see cref="S3ServiceUrl"/> defaults to the standard <c>AWS_ENDPOINT_URL_S3</c> /
/// <c>AWS_ENDPOINT_URL</c> variables, with path-style addressing, so a cluster runs against moto or MinIO as against AWS.
/// </summary>
public sealed class OutputStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:Stores";

    /// <summary>Endpoint of an S3-compatible server (null: AWS).</summary>
    public string? S3ServiceUrl { get; set; }

    /// <summary>Path-style addressing for <see cref="S3ServiceUrl"/>.</summary>
    public bool S3ForcePathStyle { get; set; }

    /// <summary>Region of stores that name none (null: the SDK's default, <c>AWS_REGION</c>).</summary>
    public string? Region { get; set; }

    /// <summary>
    /// Most object-store clients (one per store and endpoint) a silo keeps (default 64); the least recently used is let
    /// go, and disposed once no operation uses it.
    /// </summary>
    public int MaxClients { get; set; } = 64;
}
