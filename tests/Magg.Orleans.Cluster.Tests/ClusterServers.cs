using Amazon.S3;
using Amazon.S3.Model;
using Magg.Orleans.Synthetic;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>
/// What the cluster tests share: a redis-server (membership, reminders), a moto_server (DynamoDB grain state, the
/// granules and the stores on S3) and a synthetic 40-cell data set whose granules are uploaded to moto. When either
/// server is not installed, nothing starts and each test skips loudly (<see cref="Require"/>).
/// </summary>
public sealed class ClusterServers : IAsyncLifetime
{
    /// <summary>The bucket the output stores go to.</summary>
    public const string StoreBucket = "magg-stores";

    private readonly TemporaryFolder _folder = new();
    private RedisServer? _redis;
    private MotoServer? _moto;
    private DemoDataset? _data;

    /// <summary>The Redis connection string of the silos.</summary>
    public string Redis => (_redis ?? throw NotStarted()).ConnectionString;

    /// <summary>moto_server: DynamoDB and S3.</summary>
    public MotoServer Moto => _moto ?? throw NotStarted();

    /// <summary>The synthetic data set (its <see cref="DemoDataset.S3CatalogPath"/> lists the granules on moto).</summary>
    public DemoDataset Data => _data ?? throw NotStarted();

    /// <summary>An S3 client of moto, for the test's own checks.</summary>
    public AmazonS3Client CreateS3Client() => new(MotoServer.AccessKey, MotoServer.SecretKey,
        new AmazonS3Config { ServiceURL = Moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });

    /// <summary>Skips the calling test loudly unless both servers run.</summary>
    public static void Require()
    {
        ExternalTool.Require("redis-server", "apt-get install redis-server (./test.sh installs it)");
        ExternalTool.Require("moto_server", "pip install \"moto[server]\"");
    }

    public async ValueTask InitializeAsync()
    {
        if (ExternalTool.Find("redis-server") is null || ExternalTool.Find("moto_server") is null)
        {
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        _redis = await RedisServer.StartAsync(ct);
        _moto = await MotoServer.StartAsync(ct);
        _data = await DemoDatasetBuilder.CreateAsync(_folder.File("data"), DemoOptions.Antarctica with { TargetObservations = 400_000 }, ct);
        using var s3 = CreateS3Client();
        var (granuleBucket, granulePrefix) = Storage.Objects.ObjectStoreFactory.ParseS3(DemoOptions.Antarctica.S3Base);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = granuleBucket, BucketRegionName = MotoServer.Region }, ct);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = StoreBucket, BucketRegionName = MotoServer.Region }, ct);
        foreach (var granule in _data.Granules)
        {
            await s3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = granuleBucket,
                Key = $"{granulePrefix}/{granule.Replace('\\', '/')}",
                FilePath = Path.Combine(_data.Folder, granule),
            }, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _folder.Dispose();
    }

    private static InvalidOperationException NotStarted() => new("The cluster servers are not running (call Require first).");
}
