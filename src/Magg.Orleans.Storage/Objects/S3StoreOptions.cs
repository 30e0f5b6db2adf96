namespace Magg.Orleans.Storage.Objects;

/// <summary>How to reach S3 for an <c>s3://</c> store. Credentials always come from the standard AWS chain.</summary>
/// <param name="Region">AWS region (e.g. <c>us-west-2</c>); null uses the SDK's default (AWS_REGION, profile).</param>
/// <param name="ServiceUrl">An S3-compatible endpoint (moto, MinIO); null for AWS itself.</param>
/// <param name="ForcePathStyle">Address buckets as <c>endpoint/bucket</c> rather than <c>bucket.endpoint</c>.</param>
public sealed record S3StoreOptions(string? Region = null, string? ServiceUrl = null, bool ForcePathStyle = false);
