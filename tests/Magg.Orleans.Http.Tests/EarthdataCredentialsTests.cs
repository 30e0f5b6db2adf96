using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Http.Tests;

/// <summary>
/// Bring-your-own Earthdata credentials end to end: a cluster silo (DynamoDB state on moto, S3 store on moto) with the HTTP
/// API takes runs whose token travels in the X-Earthdata-Token header, reads HTTPS granules with it as bearer and S3 granules
/// with the NSIDC keys it buys with it (a local fake of both endpoints), and the planted token appears nowhere: not in grain
/// state, the silo's logs, the store (reports included) or an answer.
/// </summary>
public sealed class EarthdataCredentialsTests
{
    private const string Planted = "planted-earthdata-token-7f3c9a";
    private const string GranuleBucket = "nsidc-granules";
    private const string StoreBucket = "magg-out";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClientToken_ReadsHttpsAndS3Granules_AndIsNeverStored()
    {
        await using var moto = await MotoServer.StartAsync(Ct);
        using var certificates = TestCertificates.Create();
        using var folder = new TemporaryFolder();
        await using var fake = await FakeEarthdata.StartAsync(Planted, certificates.Server());
        using var s3 = await BucketsAsync(moto);
        await using var silo = await StartSiloAsync(moto, fake, certificates.WriteAuthority(folder.Path));
        using var client = new HttpClient { BaseAddress = silo.Address, Timeout = TimeSpan.FromMinutes(3) };
        var expected = SmallFixtureObservations();

        var https = await RunAsync(client, fake, "https", "https.zarr", Planted);
        var viaS3 = await RunAsync(client, fake, "s3", "s3.zarr", Planted);
        var without = await RunAsync(client, fake, "https", "none.zarr", token: null);

        Assert.Equal(("completed", expected), ((string?)https["status"], (long)https["total_obs"]!));
        Assert.Equal(("completed", expected), ((string?)viaS3["status"], (long)viaS3["total_obs"]!));
        Assert.NotEqual("completed", (string?)without["status"]);
        Assert.Equal(0, (long)without["total_obs"]!);
        Assert.Contains(fake.Requests, r => r.StartsWith("/data/", StringComparison.Ordinal) && r.EndsWith("Bearer " + Planted, StringComparison.Ordinal));
        Assert.Contains(fake.Requests, r => r == "/s3credentials Bearer " + Planted);

        await AssertNowhereAsync(moto, s3, silo);
    }

    [Fact]
    public async Task LostSilo_PausesTheRunInNeedsCredentials_UntilTheClientGivesTheTokenAgain()
    {
        await using var moto = await MotoServer.StartAsync(Ct);
        using var certificates = TestCertificates.Create();
        using var folder = new TemporaryFolder();
        await using var fake = await FakeEarthdata.StartAsync(Planted, certificates.Server(), holdData: true);
        using var s3 = await BucketsAsync(moto);
        string runId;
        await using (var first = await StartSiloAsync(moto, fake, certificates.WriteAuthority(folder.Path)))
        {
            using var client = new HttpClient { BaseAddress = first.Address, Timeout = TimeSpan.FromMinutes(3) };
            using var accepted = await client.SendAsync(Submit(fake, "https", "lost.zarr", Planted), Ct);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            runId = (string)JsonNode.Parse(await accepted.Content.ReadAsStringAsync(Ct))!["run_id"]!;
            await WaitAsync(() => Task.FromResult(fake.Requests.Any(r => r.StartsWith("/data/", StringComparison.Ordinal))), "a cell reading a granule");
        }

        // The silo holding the token is gone (killed); a new one takes over the run from DynamoDB.
        fake.Release();
        await using var second = await StartSiloAsync(moto, fake, certificates.WriteAuthority(folder.Path));
        using var resumed = new HttpClient { BaseAddress = second.Address, Timeout = TimeSpan.FromMinutes(3) };
        await WaitAsync(async () => (string?)JsonNode.Parse(await resumed.GetStringAsync(new Uri($"/v1/runs/{runId}", UriKind.Relative), Ct))!["status"]
            == "needs_credentials", "the run to wait for its token");
        var waiting = JsonNode.Parse(await resumed.GetStringAsync(new Uri($"/v1/runs/{runId}", UriKind.Relative), Ct))!;
        Assert.Equal(0, (int)waiting["cells_failed"]!);

        using var supply = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/runs/{runId}/credentials", UriKind.Relative));
        supply.Headers.Add("X-Earthdata-Token", Planted);
        using var supplied = await resumed.SendAsync(supply, Ct);
        Assert.Equal(HttpStatusCode.OK, supplied.StatusCode);
        var events = await RunApiTests.EventsAsync(resumed, runId);
        var last = JsonNode.Parse(events[^1].Data)!;
        Assert.Equal(("completed", SmallFixtureObservations(), 0), ((string?)last["status"], (long)last["total_obs"]!, (int)last["cells_failed"]!));
        Assert.DoesNotContain(Planted, second.Transcript, StringComparison.Ordinal);
    }

    private static async Task<AmazonS3Client> BucketsAsync(MotoServer moto)
    {
        var s3 = new AmazonS3Client(new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new AmazonS3Config { ServiceURL = moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = GranuleBucket, BucketRegionName = MotoServer.Region }, Ct);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = StoreBucket, BucketRegionName = MotoServer.Region }, Ct);
        foreach (var file in Directory.GetFiles(Path.Combine(TestData.Fixture("small"), "granules")))
        {
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = GranuleBucket, Key = "ATLAS/" + Path.GetFileName(file), FilePath = file }, Ct);
        }

        return s3;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"gave up waiting for {what}");
            await Task.Delay(200, Ct);
        }
    }

    /// <summary>
    /// A cluster silo (localhost clustering, DynamoDB state on moto) with the HTTP API and no Earthdata token of its own,
    /// allowing the fake's granules, the granule bucket and the store bucket, trusting the test authority
    /// (<paramref name="authority"/>) and taking 127.0.0.1 for an Earthdata host.
    /// </summary>
    private static Task<ServeProcess> StartSiloAsync(MotoServer moto, FakeEarthdata fake, string authority)
    {
        var environment = new Dictionary<string, string?>
        {
            ["MAGG_CLUSTERING"] = null, ["MAGG_REDIS"] = null, ["MAGG_HTTP"] = null, ["MAGG_HTTP_TOKEN_FILE"] = null,
            ["EARTHDATA_TOKEN"] = null, ["AWS_ENDPOINT_URL"] = null, ["AWS_ENDPOINT_URL_S3"] = null,
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
            ["MAGG_GRANULES__S3CREDENTIALSENDPOINT"] = fake.Url + "/s3credentials",
            ["MAGG_GRANULES__S3SERVICEURL"] = moto.Endpoint, ["MAGG_GRANULES__S3FORCEPATHSTYLE"] = "true",
            ["MAGG_STORES__S3SERVICEURL"] = moto.Endpoint, ["MAGG_STORES__S3FORCEPATHSTYLE"] = "true",
            ["Logging__LogLevel__Magg"] = "Debug",
            ["MAGG_RUN__CELLLEASE"] = "00:00:05",
            ["MAGG_ALLOW_GRANULES"] = null, ["MAGG_ALLOW_STORES"] = null,
            ["SSL_CERT_FILE"] = authority,
            ["MAGG_ACCESS__EARTHDATAHOSTS__0"] = "127.0.0.1",
        };
        return ServeProcess.StartAsync(environment, "silo", "--silo-port", Port(), "--gateway-port", Port(),
            "--storage", "dynamodb", "--dynamodb-endpoint", moto.Endpoint, "--region", MotoServer.Region, "--dynamodb-table", "byo-state",
            "--http", "127.0.0.1:0", "--allow-granules", fake.Url + "/data/", "--allow-granules", $"s3://{GranuleBucket}/",
            "--allow-stores", $"s3://{StoreBucket}/", "--allow-loopback-for-tests");
    }

    private static HttpRequestMessage Submit(FakeEarthdata fake, string driver, string store, string? token)
    {
        var catalog = JsonNode.Parse(File.ReadAllText(ServeFixture.Catalog))!;
        catalog["metadata"]!["s3_base"] = $"s3://{GranuleBucket}/ATLAS";
        catalog["metadata"]!["https_base"] = fake.Url + "/data";
        foreach (var cell in catalog["catalog"]!.AsObject())
        {
            var granules = cell.Value!.AsArray();
            var names = granules.Select(g => Path.GetFileName((string)g!)).ToArray();
            granules.Clear();
            foreach (var name in names)
            {
                granules.Add($"s3://{GranuleBucket}/ATLAS/{name}");
            }
        }

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/runs", UriKind.Relative))
        {
            Content = RunApiTests.Json(new { config = "atl06", catalog, store = $"s3://{StoreBucket}/{store}", driver, max_workers = 2 }),
        };
        if (token is not null)
        {
            request.Headers.Add("X-Earthdata-Token", token);
        }

        return request;
    }

    private static async Task<JsonNode> RunAsync(HttpClient client, FakeEarthdata fake, string driver, string store, string? token)
    {
        using var request = Submit(fake, driver, store, token);
        using var accepted = await client.SendAsync(request, Ct);
        var body = await accepted.Content.ReadAsStringAsync(Ct);
        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, body);
        Assert.DoesNotContain(Planted, body, StringComparison.Ordinal);
        var runId = (string)JsonNode.Parse(body)!["run_id"]!;
        var events = await RunApiTests.EventsAsync(client, runId);
        Assert.All(events, e => Assert.DoesNotContain(Planted, e.Data, StringComparison.Ordinal));
        Assert.Equal(token is not null, (bool)JsonNode.Parse(events[0].Data)!["client_credentials"]!);
        var summary = await client.GetStringAsync(new Uri($"/v1/runs/{runId}/summary", UriKind.Relative), Ct);
        Assert.DoesNotContain(Planted, summary, StringComparison.Ordinal);
        return JsonNode.Parse(summary)!;
    }

    /// <summary>The planted token is in no grain state item, no object of the store bucket (chunks, stamps, reports) and no log line.</summary>
    private static async Task AssertNowhereAsync(MotoServer moto, AmazonS3Client s3, ServeProcess silo)
    {
        using var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        var items = (await dynamo.ScanAsync(new ScanRequest { TableName = "byo-state" }, Ct)).Items;
        Assert.NotEmpty(items);
        Assert.All(items.SelectMany(i => i.Values).SelectMany(Texts), text => Assert.DoesNotContain(Planted, text, StringComparison.Ordinal));

        var objects = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = StoreBucket }, Ct)).S3Objects;
        Assert.Contains(objects, o => o.Key.EndsWith(".html", StringComparison.Ordinal) && o.Key.Contains("/_magg/runs/", StringComparison.Ordinal));
        foreach (var item in objects)
        {
            using var response = await s3.GetObjectAsync(StoreBucket, item.Key, Ct);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, Ct);
            Assert.False(Encoding.Latin1.GetString(buffer.ToArray()).Contains(Planted, StringComparison.Ordinal), $"{item.Key} holds the token");
        }

        Assert.Contains("Joined cluster", silo.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(Planted, silo.Transcript, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Texts(AttributeValue value) =>
        new[] { value.S, value.N, value.B is null ? null : Encoding.Latin1.GetString(value.B.ToArray()) }.OfType<string>()
            .Concat((value.L ?? []).Concat(value.M?.Values ?? Enumerable.Empty<AttributeValue>()).SelectMany(Texts));

    private static long SmallFixtureObservations()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(ServeFixture.Catalog))!["metadata"]!["synthetic"]!["cell_quality0_segments"]!.AsObject();
        return metadata.Sum(p => (long)p.Value!);
    }

    private static string Port() => FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
