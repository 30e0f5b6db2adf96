using System.Globalization;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>
/// Silo and CLI processes of one test, started from the built executables exactly as the README documents them, all
/// killed when the test ends (passed or failed).
/// </summary>
public sealed class LocalCluster(ClusterServers servers) : IAsyncDisposable
{
    /// <summary>The cluster id of every silo and client.</summary>
    public const string ClusterId = "magg-cluster-tests";

    /// <summary>The service id (part of every grain-state key).</summary>
    public const string ServiceId = "magg-cluster-tests";

    /// <summary>The DynamoDB grain-state table.</summary>
    public const string Table = "magg-cluster-tests-state";

    private int _silosStarted;

    /// <summary>Every process the test started.</summary>
    public ChildProcesses Processes { get; } = new();

    /// <summary>The <c>magg-orleans</c> CLI, built next to the tests.</summary>
    public static string Cli { get; } = Path.Combine(AppContext.BaseDirectory, "magg-orleans");

    /// <summary>The silo image's entry point (what the Dockerfile runs), built next to the tests.</summary>
    public static string SiloImage { get; } = Path.Combine(AppContext.BaseDirectory, "Magg.Orleans.Silo");

    /// <summary>
    /// Environment of every silo: credentials moto accepts, the S3 endpoint of granules and stores, and run timings a
    /// test can wait for (ticks of half a second, 20 s cell leases) yet generous on a loaded 2-core machine.
    /// </summary>
    public IReadOnlyDictionary<string, string?> SiloEnvironment => new Dictionary<string, string?>
    {
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
        ["AWS_ENDPOINT_URL_S3"] = servers.Moto.Endpoint,
        ["EARTHDATA_TOKEN"] = null,
        ["MAGG_S3_ACCESS_KEY_ID"] = null,
        ["MAGG_S3_SECRET_ACCESS_KEY"] = null,
        ["MAGG_RUN__TICKPERIOD"] = "00:00:00.500",
        ["MAGG_RUN__CELLLEASE"] = "00:00:20",
        ["MAGG_RUN__RETRYBASEDELAY"] = "00:00:00.500",
        ["MAGG_RUN__RETRYMAXDELAY"] = "00:00:05",
    };

    /// <summary>
    /// Starts a silo with Redis clustering and DynamoDB state and waits until it has joined: through
    /// <c>magg-orleans silo</c> and flags, or (<paramref name="image"/>) through the silo image's entry point and
    /// <c>MAGG_*</c> variables only, as in the ECS task definition.
    /// </summary>
    public async Task<SiloProcess> StartSiloAsync(bool image, CancellationToken cancellationToken)
    {
        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        var settings = new Dictionary<string, string>
        {
            ["--clustering"] = "redis",
            ["--redis"] = servers.Redis,
            ["--storage"] = "dynamodb",
            ["--dynamodb-table"] = Table,
            ["--dynamodb-endpoint"] = servers.Moto.Endpoint,
            ["--region"] = MotoServer.Region,
            ["--silo-port"] = Text(siloPort),
            ["--gateway-port"] = Text(gatewayPort),
            ["--advertise"] = "127.0.0.1",
            ["--cluster-id"] = ClusterId,
            ["--service-id"] = ServiceId,
            ["--allow-granules"] = $"s3://{Storage.Objects.ObjectStoreFactory.ParseS3(Synthetic.DemoOptions.Antarctica.S3Base).Bucket}/",
            ["--allow-stores"] = $"s3://{ClusterServers.StoreBucket}/",
        };
        var environment = new Dictionary<string, string?>(SiloEnvironment);
        var number = Interlocked.Increment(ref _silosStarted);
        ChildProcess process;
        if (image)
        {
            foreach (var (flag, value) in settings)
            {
                environment[Silo.SiloSettings.All.Single(s => s.Flag == flag).EnvironmentVariable] = value;
            }

            process = Processes.Start($"silo {number} (image, {Text(siloPort)})", SiloImage, [], environment);
        }
        else
        {
            process = Processes.Start($"silo {number} (magg-orleans silo, {Text(siloPort)})", Cli, ["silo", .. settings.SelectMany(s => new[] { s.Key, s.Value })], environment);
        }

        var joined = $"Joined cluster {ClusterId} as silo S127.0.0.1:{Text(siloPort)}:";
        var line = await process.WaitForLineAsync(l => l.Contains(joined, StringComparison.Ordinal), TimeSpan.FromMinutes(2), cancellationToken);
        Assert.Matches($@"\(gateway S127\.0\.0\.1:{Text(gatewayPort)}:0\); [1-9][0-9]* active silos$", line);
        return new SiloProcess(process, siloPort, gatewayPort);
    }

    /// <summary>Starts a CLI command against the cluster (its gateways and cluster id are added).</summary>
    public ChildProcess StartCli(string name, IEnumerable<SiloProcess> gateways, params string[] arguments) =>
        Processes.Start(name, Cli, [.. arguments, "--gateway", GatewayList(gateways), "--cluster-id", ClusterId], new Dictionary<string, string?>());

    /// <summary>
    /// The <c>--gateway</c> list of <paramref name="silos"/>, led by an address nothing listens on: clients must cope
    /// with gateways that are down.
    /// </summary>
    public static string GatewayList(IEnumerable<SiloProcess> silos) =>
        string.Join(',', new[] { "127.0.0.1:" + Text(FreePort.Next()) }.Concat(silos.Select(s => s.Gateway)));

    public ValueTask DisposeAsync() => Processes.DisposeAsync();

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
