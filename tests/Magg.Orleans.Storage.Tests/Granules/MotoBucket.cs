using Amazon.S3;
using Amazon.S3.Model;
using Magg.Orleans.Storage.Granules;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Granules;

/// <summary>
/// A moto_server shared by a test class, holding the fixture granules at the buckets and keys of the fixtures'
/// <c>catalog_s3.json</c>. When moto_server is not installed the server is null and tests skip loudly.
/// </summary>
public sealed class MotoBucket : IAsyncLifetime
{
    public const string InstallHint = "pip install \"moto[server]\"";

    internal MotoServer? Server { get; private set; }

    internal static S3TemporaryCredentials Credentials { get; } = new(MotoServer.AccessKey, MotoServer.SecretKey, "moto-session-token-secret");

    /// <summary>Options pointing at the server (path-style, plain HTTP).</summary>
    internal S3GranuleSourceOptions Options(RangeCacheOptions? cache = null) => new()
    {
        Region = MotoServer.Region,
        ServiceUrl = Server!.Endpoint,
        ForcePathStyle = true,
        Cache = cache ?? new RangeCacheOptions(),
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    };

    public async ValueTask InitializeAsync()
    {
        if (ExternalTool.Find("moto_server") is null)
        {
            return;
        }

        Server = await MotoServer.StartAsync(TestContext.Current.CancellationToken);
        using var client = new AmazonS3Client(MotoServer.AccessKey, MotoServer.SecretKey, new AmazonS3Config
        {
            ServiceURL = Server.Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = MotoServer.Region,
        });
        foreach (var bucket in FixtureCells.S3Objects().Select(o => o.Bucket).Distinct())
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegionName = MotoServer.Region });
        }

        foreach (var (bucket, key, file) in FixtureCells.S3Objects())
        {
            await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = file });
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
