using System.Diagnostics;
using System.Text.Json.Nodes;
using Amazon.S3;
using Amazon.S3.Model;
using Magg.Orleans.TestSupport;
using Magg.Orleans.TestSupport.Lambda;

namespace Magg.Orleans.Lambda.Tests.Support;

/// <summary>
/// What the lambda backend's tests share: a moto_server holding the small fixture's granules (at the keys of its
/// <c>catalog_s3.json</c>) and a bucket for stores, the AWS variables the CLI and the function processes get, and Lambda
/// emulators whose workers are the function's own build output (<c>dotnet bootstrap.dll</c>) with the function's access
/// policy (<see cref="FunctionAccess"/>, what extra variables of an emulator replace). Without moto_server the
/// tests skip loudly.
/// </summary>
public sealed class LambdaWorld : IAsyncLifetime
{
    /// <summary>The access key every process signs with; moto takes any. It must never appear in an event.</summary>
    public const string AccessKey = "AKIAMAGGLAMBDATEST01";

    /// <summary>The secret key; it must never appear in an event or a log.</summary>
    public const string SecretKey = "magg-lambda-test-secret-never-in-a-payload";

    /// <summary>The bucket stores are written to.</summary>
    public const string StoreBucket = "magg-lambda-stores";

    /// <summary>The region of everything.</summary>
    public const string Region = "us-west-2";

    private MotoServer? _moto;

    /// <summary>A folder for the tests' own catalogs, deleted with the world.</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("magg-lambda-tests-").FullName;

    /// <summary>The S3 endpoint.</summary>
    public string S3Endpoint => Moto.Endpoint;

    /// <summary>The moto server (skips the calling test loudly when moto_server is not installed).</summary>
    public MotoServer Moto => _moto ?? Skip();

    /// <summary>A client of the moto server.</summary>
    public AmazonS3Client S3 { get; private set; } = null!;

    /// <summary>The small fixture's catalog with s3:// granules.</summary>
    public static string SmallCatalog { get; } = Path.Combine(TestData.Fixture("small"), "catalog_s3.json");

    /// <summary>The AWS variables of the CLI and the workers: moto's endpoint, the test keys, no other credentials.</summary>
    public IReadOnlyDictionary<string, string?> Aws => new Dictionary<string, string?>
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_REGION"] = Region,
        ["AWS_DEFAULT_REGION"] = Region,
        ["AWS_ENDPOINT_URL_S3"] = Moto.Endpoint,
        ["AWS_ENDPOINT_URL"] = null,
        ["AWS_ENDPOINT_URL_LAMBDA"] = null,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["EARTHDATA_TOKEN"] = null,
        ["MAGG_S3_ACCESS_KEY_ID"] = null,
        ["MAGG_S3_SECRET_ACCESS_KEY"] = null,
        ["MAGG_S3_SESSION_TOKEN"] = null,
        ["MAGG_LAMBDA_FUNCTION_NAME"] = null,
    };

    /// <summary>
    /// The function's access policy as the tests deploy it (as <c>deploy/lambda/template.yaml</c> does with its store
    /// bucket): the fixture's granule bucket besides NSIDC's, and the store bucket.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> FunctionAccess { get; } = new Dictionary<string, string?>
    {
        ["MAGG_ALLOW_GRANULES"] = "s3://synthetic-atl06/",
        ["MAGG_ALLOW_STORES"] = $"s3://{StoreBucket}/",
        ["MAGG_ALLOW_LOOPBACK_FOR_TESTS"] = null,
        ["MAGG_ACCESS__EARTHDATAHOSTS__0"] = null,
    };

    public async ValueTask InitializeAsync()
    {
        if (ExternalTool.Find("moto_server") is null)
        {
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        _moto = await MotoServer.StartAsync(ct);
        S3 = new AmazonS3Client(AccessKey, SecretKey, new AmazonS3Config { ServiceURL = _moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = Region });
        await S3.PutBucketAsync(new PutBucketRequest { BucketName = StoreBucket, BucketRegionName = Region }, ct);
        var catalog = JsonNode.Parse(await File.ReadAllTextAsync(SmallCatalog, ct))!["catalog"]!.AsObject();
        var granules = catalog.SelectMany(c => c.Value!.AsArray().Select(g => g!.GetValue<string>())).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var bucket in granules.Select(g => new Uri(g).Host).Distinct())
        {
            await S3.PutBucketAsync(new PutBucketRequest { BucketName = bucket, BucketRegionName = Region }, ct);
        }

        foreach (var granule in granules)
        {
            var url = new Uri(granule);
            await S3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = url.Host,
                Key = url.AbsolutePath.TrimStart('/'),
                FilePath = Path.Combine(TestData.Fixture("small"), "granules", Path.GetFileName(url.AbsolutePath)),
            }, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        S3?.Dispose();
        Directory.Delete(Folder, recursive: true);
        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }
    }

    /// <summary>Starts an emulator of function <c>process-morton-cell</c> with <paramref name="workers"/> bootstrap processes.</summary>
    public Task<LambdaEmulator> StartEmulatorAsync(int workers, TimeSpan? invocationDelay = null, IReadOnlyDictionary<string, string?>? extraEnvironment = null,
        string? executable = null) =>
        LambdaEmulator.StartAsync(new LambdaEmulatorOptions
        {
            Workers = workers,
            Region = Region,
            WorkerExecutable = executable ?? Repository.Dotnet,
            WorkerArguments = executable is null ? [Repository.BootstrapDll] : [],
            WorkerEnvironment = Merge(Aws, FunctionAccess, extraEnvironment ?? new Dictionary<string, string?>()),
            InvocationDelay = invocationDelay ?? TimeSpan.Zero,
            FunctionTimeout = TimeSpan.FromMinutes(2),
        }, TestContext.Current.CancellationToken);

    private static Dictionary<string, string?> Merge(params IReadOnlyDictionary<string, string?>[] layers)
    {
        var merged = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in layers.SelectMany(l => l))
        {
            merged[name] = value;
        }

        return merged;
    }

    /// <summary>Runs <c>magg-orleans</c> with the AWS variables (and the emulator's endpoint, when given).</summary>
    public Task<ProcessRun> CliAsync(LambdaEmulator? emulator, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>(Aws) { ["AWS_ENDPOINT_URL_LAMBDA"] = emulator?.Endpoint };
        return ProcessRun.RunAsync(Repository.Dotnet, [Repository.CliDll, .. arguments], environment, TimeSpan.FromMinutes(4), TestContext.Current.CancellationToken);
    }

    /// <summary>Starts <c>magg-orleans</c> like <see cref="CliAsync"/>, without waiting for it (the caller kills and disposes it).</summary>
    public Process StartCli(LambdaEmulator emulator, params string[] arguments)
    {
        var start = new ProcessStartInfo(Repository.Dotnet, [Repository.CliDll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in new Dictionary<string, string?>(Aws) { ["AWS_ENDPOINT_URL_LAMBDA"] = emulator.Endpoint })
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("magg-orleans did not start");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Whether object <paramref name="key"/> of the store bucket exists.</summary>
    public async Task<bool> ExistsAsync(string key)
    {
        var page = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = StoreBucket, Prefix = key }, TestContext.Current.CancellationToken);
        return page.S3Objects?.Any(o => o.Key == key) == true;
    }

    /// <summary>The objects of the store under <paramref name="prefix"/> of the store bucket, by key relative to it, without Magg's own records (<c>_magg/</c>).</summary>
    public async Task<Dictionary<string, byte[]>> StoreObjectsAsync(string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        var objects = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = StoreBucket, Prefix = prefix + "/", ContinuationToken = token }, ct);
            foreach (var item in page.S3Objects ?? [])
            {
                var key = item.Key[(prefix.Length + 1)..];
                if (!key.StartsWith("_magg/", StringComparison.Ordinal))
                {
                    using var response = await S3.GetObjectAsync(StoreBucket, item.Key, ct);
                    using var buffer = new MemoryStream();
                    await response.ResponseStream.CopyToAsync(buffer, ct);
                    objects[key] = buffer.ToArray();
                }
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return objects;
    }

    /// <summary>The small fixture's s3:// catalog with <paramref name="change"/> applied to its <c>catalog</c> object, written as <paramref name="name"/>.</summary>
    public async Task<string> WriteCatalogAsync(string name, Action<JsonObject> change)
    {
        var catalog = JsonNode.Parse(await File.ReadAllTextAsync(SmallCatalog))!.AsObject();
        change(catalog["catalog"]!.AsObject());
        var path = Path.Combine(Folder, name);
        await File.WriteAllTextAsync(path, catalog.ToJsonString());
        return path;
    }

    private static MotoServer Skip()
    {
        ExternalTool.Require("moto_server", "pip install \"moto[server]\"");
        throw new InvalidOperationException("moto_server is installed but was not started");
    }
}
