using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Support;

/// <summary>An S3 client for a moto_server the test started, with a fresh bucket.</summary>
internal static class S3TestClient
{
    public static async Task<AmazonS3Client> CreateAsync(MotoServer moto, string bucket, CancellationToken ct)
    {
        var client = new AmazonS3Client(new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey), new AmazonS3Config
        {
            ServiceURL = moto.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = MotoServer.Region,
        });
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegionName = MotoServer.Region }, ct);
        return client;
    }
}
