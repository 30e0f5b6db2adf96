using System.Globalization;
using System.Net;
using Magg.Orleans.Client;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>
/// One silo process as an operator would run it on a cluster (its gateway behind mutual TLS, DynamoDB grain state on
/// moto so its items can be scanned, a granule folder and an S3 store prefix allowed, a planted Earthdata token), the
/// https servers it may or may not reach on 127.0.0.1 and 127.0.0.2, and the files hostile catalogs point at.
/// </summary>
public sealed class HostileSilo : IAsyncLifetime
{
    /// <summary>The planted token: it must never show up anywhere but in requests to the allowed Earthdata host.</summary>
    public const string Token = "planted-earthdata-token-5b1e0c7d";

    /// <summary>The S3 bucket the store prefix is in.</summary>
    public const string Bucket = "magg-hostile";

    /// <summary>The cluster id.</summary>
    public const string ClusterId = "magg-hostile";

    private readonly TemporaryFolder _folder = new();
    private TestCertificates? _certificates;

    public ChildProcesses Processes { get; } = new();

    public MotoServer Moto { get; private set; } = null!;

    public ChildProcess Silo { get; private set; } = null!;

    /// <summary>The silo's gateway.</summary>
    public string Gateway { get; private set; } = "";

    /// <summary>Plays an Earthdata host (it may receive the token): https on 127.0.0.1.</summary>
    public RecordingServer Earthdata { get; private set; } = null!;

    /// <summary>Another host: https on 127.0.0.2.</summary>
    public RecordingServer Other { get; private set; } = null!;

    /// <summary>The granule folder the silo allows.</summary>
    public string Allowed => _folder.File("allowed");

    /// <summary>A folder outside it.</summary>
    public string Outside => _folder.File("outside");

    /// <summary>A real granule inside the allowed folder.</summary>
    public string GoodGranule => Path.Combine(Allowed, "good.h5");

    /// <summary>The client's TLS files.</summary>
    public MaggTlsFiles ClientTls { get; private set; } = null!;

    /// <summary>TLS files of a client whose certificate another authority signed.</summary>
    public MaggTlsFiles StrangerTls { get; private set; } = null!;

    /// <summary>The DynamoDB table of the silo's grain state.</summary>
    public const string Table = "magg-hostile-state";

    public async ValueTask InitializeAsync()
    {
        if (ExternalTool.Find("moto_server") is null)
        {
            return;
        }

        var ct = TestContext.Current.CancellationToken;
        Moto = await MotoServer.StartAsync(ct);
        Directory.CreateDirectory(Allowed);
        Directory.CreateDirectory(Outside);
        var fixture = Directory.GetFiles(Path.Combine(TestData.Fixture("small"), "granules"), "*.h5").Order(StringComparer.Ordinal).First();
        File.Copy(fixture, GoodGranule);
        File.Copy(fixture, Path.Combine(Outside, "secret.h5"));
        File.CreateSymbolicLink(Path.Combine(Allowed, "escape.h5"), Path.Combine(Outside, "secret.h5"));
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [Path.Combine(Allowed, "pipe.h5")]))
        {
            await mkfifo.WaitForExitAsync(ct);
        }

        _certificates = TestCertificates.Create();
        var authority = _certificates.WriteAuthority(_folder.Path);
        var (siloCrt, siloKey) = TestCertificates.WritePem(_certificates.Silo(), _folder.Path, "silo");
        var (clientCrt, clientKey) = TestCertificates.WritePem(_certificates.Client(), _folder.Path, "client");
        ClientTls = new MaggTlsFiles(clientCrt, clientKey, authority);
        using (var stranger = TestCertificates.Create("Some other CA"))
        {
            var (crt, key) = TestCertificates.WritePem(stranger.Client("stranger"), _folder.Path, "stranger");
            StrangerTls = new MaggTlsFiles(crt, key, authority);
        }

        Earthdata = await RecordingServer.StartAsync(IPAddress.Loopback, FreePort.Next(), Allowed, _certificates.Server(), ct);
        Other = await RecordingServer.StartAsync(IPAddress.Parse("127.0.0.2"), FreePort.Next(), Allowed, _certificates.Server(), ct);
        using (var s3 = S3())
        {
            await s3.PutBucketAsync(new Amazon.S3.Model.PutBucketRequest { BucketName = Bucket, BucketRegionName = MotoServer.Region }, ct);
        }

        var (siloPort, gatewayPort) = (FreePort.Next(), FreePort.Next());
        Gateway = "127.0.0.1:" + gatewayPort.ToString(CultureInfo.InvariantCulture);
        Silo = Processes.Start("hostile silo", LocalCluster.Cli,
        [
            "silo", "--storage", "dynamodb", "--dynamodb-endpoint", Moto.Endpoint, "--dynamodb-table", Table, "--region", MotoServer.Region,
            "--silo-port", siloPort.ToString(CultureInfo.InvariantCulture), "--gateway-port", gatewayPort.ToString(CultureInfo.InvariantCulture),
            "--cluster-id", ClusterId, "--allow-granules", Allowed, "--allow-granules", $"https://localhost:{new Uri(Earthdata.BaseUrl).Port}/",
            "--allow-stores", $"s3://{Bucket}/stores/", "--allow-loopback-for-tests",
            "--tls-cert", siloCrt, "--tls-key", siloKey, "--client-ca", authority,
        ], new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
            ["AWS_ENDPOINT_URL_S3"] = Moto.Endpoint,
            ["EARTHDATA_TOKEN"] = Token,
            ["MAGG_S3_ACCESS_KEY_ID"] = MotoServer.AccessKey,
            ["MAGG_S3_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
            ["SSL_CERT_FILE"] = authority,
            ["MAGG_ACCESS__EARTHDATAHOSTS__0"] = "127.0.0.1",
            ["MAGG_RUN__TICKPERIOD"] = "00:00:00.300",
            ["Logging__LogLevel__Default"] = "Debug",
        });
        await Silo.WaitForLineAsync(l => l.Contains($"Joined cluster {ClusterId}", StringComparison.Ordinal), TimeSpan.FromMinutes(2), ct);
    }

    /// <summary>Connects a client over mutual TLS (or with <paramref name="tls"/>).</summary>
    public Task<MaggCluster> ConnectAsync(MaggTlsFiles? tls, TimeSpan timeout)
    {
        var cts = new CancellationTokenSource(timeout);
        return MaggCluster.ConnectAsync(Gateway, ClusterId, tls: tls, cancellationToken: cts.Token);
    }

    /// <summary>
    /// Prepares the store that single cells are sent to (<c>stores/cells.zarr</c>) for <paramref name="configYaml"/> over
    /// the 5-cell catalog at parent order 6, as a run would, and returns its template id (cells write only into the
    /// template their run prepared).
    /// </summary>
    public async Task<string> CellsTemplateAsync(string configYaml, CancellationToken cancellationToken)
    {
        using var s3 = S3();
        using var objects = new Storage.Objects.S3ObjectStore(s3, Bucket, "stores/cells.zarr");
        var config = Core.Config.PipelineConfigLoader.Parse(configYaml, "run config", new Core.Security.InputLimits());
        var store = new Storage.Zarr.ZarrDggsStore(objects, new Storage.Zarr.DggsLayout(config, 6, 5));
        return (await store.PrepareAsync(overwrite: false, cancellationToken)).TemplateId;
    }

    /// <summary>An S3 client of moto.</summary>
    public Amazon.S3.AmazonS3Client S3() => new(MotoServer.AccessKey, MotoServer.SecretKey,
        new Amazon.S3.AmazonS3Config { ServiceURL = Moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });

    public async ValueTask DisposeAsync()
    {
        await Processes.DisposeAsync();
        if (Earthdata is not null)
        {
            await Earthdata.DisposeAsync();
        }

        if (Other is not null)
        {
            await Other.DisposeAsync();
        }

        if (Moto is not null)
        {
            await Moto.DisposeAsync();
        }

        _certificates?.Dispose();
        _folder.Dispose();
    }
}
