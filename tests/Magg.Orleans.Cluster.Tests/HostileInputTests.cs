using System.Text;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Catalog;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Storage.Cells;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>
/// Hostile inputs against a real silo process (and the client library that plans runs for it). Each row names the
/// input, how it reaches the silo (a direct grain call that skips the planner, or the planner itself), and the exact
/// kind and message of the refusal. Afterwards the silo is still alive and answering, no request reached a forbidden
/// host, and the planted Earthdata token is in no request but the allowed host's, no log line, no grain-state item and
/// no error text. Addresses outside 127.0.0.0/8 are refused from the address itself: nothing is ever sent to them.
/// </summary>
public sealed class HostileInputTests(HostileSilo silo) : IClassFixture<HostileSilo>
{
    private const long Morton = -6121212;
    private const string CellsStore = $"s3://{HostileSilo.Bucket}/stores/cells.zarr";
    private static readonly string Reference = File.ReadAllText(TestData.ReferenceConfig);

    [Fact]
    public async Task HostileInputs_AreRefusedWithTheirReason_AndTheSiloLivesOnWithoutLeakingTheToken()
    {
        ExternalTool.Require("moto_server", "pip install \"moto[server]\"");
        await using var cluster = await silo.ConnectAsync(silo.ClientTls, TimeSpan.FromMinutes(1));
        var grains = cluster.Services.GetRequiredService<IClusterClient>();
        var rows = Rows(grains);
        Assert.True(rows.Count >= 25, $"{rows.Count} rows");
        var seen = new List<string>();
        var mismatches = new List<string>();
        foreach (var row in rows)
        {
            var (kind, message) = await row.Act();
            seen.Add(message);
            var matches = kind == row.Kind && (row.Message.StartsWith('^') ? Regex.IsMatch(message, row.Message) : message == row.Message);
            TestContext.Current.TestOutputHelper?.WriteLine($"{(matches ? "ok  " : "FAIL")} {row.Name}: {kind}: {message}");
            if (!matches)
            {
                mismatches.Add($"{row.Name}:\n  expected {row.Kind}: {row.Message}\n  actual   {kind}: {message}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches) + "\n" + silo.Processes.Transcripts());
        Assert.False(silo.Silo.HasExited, "the silo died:\n" + silo.Silo.Transcript);
        var progress = await grains.GetGrain<IRunGrain>("no-such-run").GetProgress();
        Assert.Equal(RunStatus.Unknown, progress.Status);

        // Only 127.0.0.1 (the Earthdata host) and 127.0.0.2 (reached by a redirect, without the token) saw requests.
        Assert.All(silo.Earthdata.Requests, r => Assert.StartsWith("127.0.0.1:", r.Host, StringComparison.Ordinal));
        Assert.All(silo.Earthdata.Requests, r => Assert.Equal($"Bearer {HostileSilo.Token}", r.Authorization));
        Assert.NotEmpty(silo.Other.Requests);
        Assert.All(silo.Other.Requests, r => Assert.DoesNotContain(HostileSilo.Token, string.Join('\n', r.Headers.Values), StringComparison.Ordinal));
        Assert.DoesNotContain(HostileSilo.Token, silo.Silo.Transcript, StringComparison.Ordinal);
        Assert.All(seen, m => Assert.DoesNotContain(HostileSilo.Token, m, StringComparison.Ordinal));
        var items = await StateItemsAsync();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.DoesNotContain(HostileSilo.Token, i, StringComparison.Ordinal));
        Assert.All(items, i => Assert.DoesNotContain("X-Amz-Signature", i, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gateway_ClientWithoutAValidCertificate_IsRefusedBeforeAnyGrainCall()
    {
        ExternalTool.Require("moto_server", "pip install \"moto[server]\"");

        await Assert.ThrowsAnyAsync<Exception>(() => silo.ConnectAsync(null, TimeSpan.FromSeconds(15)));
        await Assert.ThrowsAnyAsync<Exception>(() => silo.ConnectAsync(silo.StrangerTls, TimeSpan.FromSeconds(15)));
        await using var trusted = await silo.ConnectAsync(silo.ClientTls, TimeSpan.FromMinutes(1));
        Assert.Equal(RunStatus.Unknown, (await trusted.Client.GetStatusAsync("nothing")).Status);
        Assert.False(silo.Silo.HasExited);
    }

    private List<Row> Rows(IClusterClient grains)
    {
        var store = $"s3://{HostileSilo.Bucket}/stores/hostile.zarr";
        var earthdata = silo.Earthdata.BaseUrl;
        var localhost = $"https://localhost:{new Uri(earthdata).Port}/files/good.h5";
        var refusedGranule = "granule refused";
        string Policy(string reason) => "refused by the silo's access policy: " + reason;
        string Outside() => Policy($"the file is outside the allowed granule folders (allowed: {silo.Allowed}; add one with --allow-granules)");
        var nsidcBuckets = "allowed: s3://nsidc-cumulus-prod-protected/, s3://nsidc-cumulus-prod-public/";
        return
        [
            new("path traversal", () => Granule(grains, new Uri(Path.Combine(silo.Allowed, "..", "outside", "secret.h5")).AbsoluteUri), refusedGranule, Outside()),
            new("absolute path", () => Granule(grains, new Uri("/etc/passwd").AbsoluteUri), refusedGranule, Outside()),
            new("file URL", () => Granule(grains, "file:///etc/shadow"), refusedGranule, Outside()),
            new("symbolic link out of the folder", () => Granule(grains, new Uri(Path.Combine(silo.Allowed, "escape.h5")).AbsoluteUri), refusedGranule, Outside()),
            new("a granule that is a FIFO", () => Granule(grains, new Uri(Path.Combine(silo.Allowed, "pipe.h5")).AbsoluteUri), refusedGranule,
                Policy("it is a FIFO (named pipe), not a regular file")),
            new("http URL", () => Granule(grains, "http://data.nsidc.earthdatacloud.nasa.gov/ATL06_x.h5"), refusedGranule,
                Policy("plain http is refused (the token and the data would travel in clear); use https")),
            new("169.254.169.254", () => Granule(grains, "https://169.254.169.254/latest/meta-data/iam/"), refusedGranule,
                Policy("169.254.169.254 is a link-local address")),
            new("a private IP", () => Granule(grains, "https://10.0.0.5/ATL06_x.h5"), refusedGranule, Policy("10.0.0.5 is a private address")),
            new("a host not on the allowlist", () => Granule(grains, "https://granules.example.invalid/ATL06_x.h5"), refusedGranule,
                Policy("host granules.example.invalid (or this path) is not an allowed granule source (allowed: https://data.nsidc.earthdatacloud.nasa.gov/, "
                    + $"https://localhost:{new Uri(earthdata).Port}/; add one with --allow-granules)")),
            new("a DNS name resolving to loopback", () => Granule(grains, localhost), refusedGranule,
                @"^refused by the silo's access policy: host localhost resolves to (127\.0\.0\.1|::1), a loopback address$"),
            new("a redirect to a link-local address", () => Granule(grains, silo.Earthdata.RedirectUrl("https://169.254.169.254/latest/meta-data/")), refusedGranule,
                Policy("it redirects to https://169.254.169.254/latest/meta-data/: 169.254.169.254 is a link-local address")),
            new("a redirect to another host (followed, without the token)",
                () => Granule(grains, silo.Earthdata.RedirectUrl($"{silo.Other.BaseUrl}/files/good.h5")), "cell Written", "no failure"),
            new("an S3 bucket outside the allowlist", () => Granule(grains, "s3://attacker-bucket/ATL06_x.h5"), refusedGranule,
                Policy($"bucket attacker-bucket (or this key prefix) is not an allowed granule source ({nsidcBuckets}; add one with --allow-granules)")),
            new("a presigned URL sent to a cell", () => Granule(grains, "https://data.nsidc.earthdatacloud.nasa.gov/x.h5?X-Amz-Signature=abc&X-Amz-Credential=AKIA"),
                "cell refused", CellRecord.Bound($"RunRefusedException: cell {Morton}: granule https://data.nsidc.earthdatacloud.nasa.gov/x.h5 carries user info, a query string or a fragment (a pre-signed URL?); granule addresses must not carry credentials")!),
            new("a presigned URL in a catalog", () => Plan(Catalog("https://data.nsidc.earthdatacloud.nasa.gov/x.h5?X-Amz-Signature=abc")), nameof(CatalogException),
                "Granule https://data.nsidc.earthdatacloud.nasa.gov/x.h5 carries user info, a query string or a fragment (a pre-signed URL?): catalog entries must not carry credentials; list the object's s3:// or https:// address and let the silo sign."),
            new("a client-chosen store endpoint", () => Load(grains, new StoreSpec(store, ServiceUrl: "http://127.0.0.2:9000", ForcePathStyle: true)), nameof(RunRefusedException),
                $"store {store}: refused by the silo's access policy: a run may not choose its store's S3 endpoint (--store-endpoint): a cluster's endpoint is silo configuration (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL)"),
            new("a local store through a gateway", () => Load(grains, new StoreSpec("/tmp/hostile.zarr")), nameof(RunRefusedException),
                "store /tmp/hostile.zarr: refused by the silo's access policy: local folder stores are written only by the embedded silo of submit and demo; a cluster needs an s3:// store"),
            new("a store bucket outside the allowlist", () => Load(grains, new StoreSpec("s3://victim-bucket/data")), nameof(RunRefusedException),
                $"store s3://victim-bucket/data: refused by the silo's access policy: the store is not under an allowed store prefix (allowed: s3://{HostileSilo.Bucket}/stores/; add one with --allow-stores)"),
            new("YAML 10,000 [ deep", () => Start(grains, new string('[', 10_000)), nameof(RunRefusedException),
                $"run config:1:33: {string.Concat(Enumerable.Repeat("[0]", 32))}: nests deeper than 32 levels"),
            new("YAML alias bomb", () => Start(grains, AliasBomb()), nameof(RunRefusedException), ConfigError(AliasBomb())),
            new("1 MB config", () => Start(grains, Reference + "#" + new string('x', 1024 * 1024)), nameof(RunRefusedException),
                ConfigError(Reference + "#" + new string('x', 1024 * 1024))),
            new("expression a+a+... 5,000 terms", () => Start(grains, Expression(string.Join('+', Enumerable.Repeat("h_li", 5_000)))), nameof(RunRefusedException),
                ConfigError(Expression(string.Join('+', Enumerable.Repeat("h_li", 5_000))))),
            new("expression 200 parentheses deep", () => Start(grains, Expression(new string('(', 200) + "h_li" + new string(')', 200))), nameof(RunRefusedException),
                ConfigError(Expression(new string('(', 200) + "h_li" + new string(')', 200)))),
            new("quantile 1.5", () => Start(grains, Reference.Replace("q: 0.25", "q: 1.5", StringComparison.Ordinal)), nameof(RunRefusedException),
                "run config:54:12: aggregation.variables.h_q25.params.q: quantile needs params.q, a number from 0 to 1"),
            new("NaN fill value of an integer", () => Start(grains, Reference.Replace("      dtype: int32\n      fill_value: 0", "      dtype: int32\n      fill_value: .nan", StringComparison.Ordinal)),
                nameof(RunRefusedException), ConfigError(Reference.Replace("      dtype: int32\n      fill_value: 0", "      dtype: int32\n      fill_value: .nan", StringComparison.Ordinal))),
            new("child order 30", () => Start(grains, Reference.Replace("    child_order: 12", "    child_order: 30", StringComparison.Ordinal)), nameof(RunRefusedException),
                "run config:73:18: output.grid.child_order: must be an integer from 0 to 18"),
            new("child order 17 under parent order 6 (11 levels)", () => Start(grains, Reference.Replace("    child_order: 12", "    child_order: 17", StringComparison.Ordinal)), nameof(RunRefusedException),
                "run config: output.grid.child_order: 17 is 11 levels below the catalog's parent_order 6; at most 10 levels are allowed (Magg:Limits:MaxChildLevels)"),
            new("catalog with duplicate keys", () => Plan(CatalogText("{\"metadata\": {\"parent_order\": 6}, \"catalog\": {\"-6121212\": [\"a.h5\"], \"-6121212\": [\"b.h5\"]}}")),
                nameof(CatalogException), @"^/.*/catalog\.json:1:69: duplicate key ""catalog\.-6121212""$"),
            new("catalog 200 MB (over a 128 MiB cap)", () => BigCatalog(), nameof(CatalogException), @"^/.*/big\.json:1:1: the catalog is 209,715,200 bytes, over the 134,217,728-byte limit for catalogs \(Magg:Limits:MaxCatalogBytes\)$"),
            new("a catalog of 2,000,000 cells", () => Start(grains, Reference, totalCells: 2_000_000), nameof(RunRefusedException),
                "a catalog of 2,000,000 cells is not between 1 and the cluster's cap of 1,000,000 (Magg:Limits:MaxCatalogCells)"),
            new("10^6 granules in one cell", () => Load(grains, new StoreSpec(store), Enumerable.Range(0, 1_000_000).Select(i => $"s3://b/{i}").ToArray()),
                nameof(RunRefusedException), $"cell {Morton} lists 1,000,000 granules; the cluster takes at most 100,000 per cell (Magg:Limits:MaxGranulesPerCell)"),
            new("max_workers 10^9 sent to the silo", () => Start(grains, Reference, maxWorkers: 1_000_000_000), nameof(RunRefusedException),
                "max_workers 1,000,000,000 is not between 1 and the cluster's cap of 10,000 (Magg:Limits:MaxWorkers)"),
            new("max_workers 10^9 asked of the planner", () => Plan(Catalog("granules/x.h5"), maxWorkers: 1_000_000_000), nameof(AggRequestException),
                "max_workers must be between 1 and 10,000 (a cluster's Magg:Limits:MaxWorkers), not 1,000,000,000."),
        ];

        string Expression(string expression) => Reference.Replace("1.0 / np.sqrt(np.sum(1.0 / s_li**2))", expression, StringComparison.Ordinal);
    }

    /// <summary>
    /// A cell of one granule processed by the silo. A refused granule's reason is recorded bounded
    /// (<see cref="CellRecord.Describe"/>); the whole of it is read from the silo's log line, and the record must be
    /// exactly its bounded form.
    /// </summary>
    private async Task<(string Kind, string Message)> Granule(IClusterClient grains, string granule)
    {
        var ct = TestContext.Current.CancellationToken;
        var context = new RunContext("hostile-" + Guid.NewGuid().ToString("N")[..8], Reference, new StoreSpec(CellsStore), "s3", 6, 5,
            await silo.CellsTemplateAsync(Reference, ct));
        var key = new CellKey(context.Store.Id + Guid.NewGuid().ToString("N")[..6], Morton).ToString();
        static bool NotProcessed(string line) => line.Contains(" not processed (Refused): ", StringComparison.Ordinal);
        var before = silo.Silo.CountLines(NotProcessed);
        var report = await grains.GetGrain<ICellGrain>(key).Process(new CellWork(context, new PlannedCell(0, Morton, [granule]), 1));
        if (report.Metadata.Failures.FirstOrDefault() is { } failure)
        {
            Assert.Equal((CellStatus.Failed, false, 1), (report.Status, report.Retryable, report.Metadata.GranulesFailed));
            var line = await silo.Silo.WaitForLineAsync(NotProcessed, TimeSpan.FromSeconds(30), ct, skip: before);
            var name = line[(line.IndexOf(": granule ", StringComparison.Ordinal) + ": granule ".Length)..line.IndexOf(" not processed (", StringComparison.Ordinal)];
            var at = line.IndexOf("refused by", StringComparison.Ordinal);
            var reason = at < 0 ? line : line[at..];
            Assert.Equal(CellRecord.Describe(new GranuleFailure(name, null, GranuleErrorKind.Refused, reason)), failure);
            return ("granule refused", reason);
        }

        return report.Status == CellStatus.Failed
            ? ("cell refused", report.Metadata.Error ?? "")
            : ("cell " + report.Status, report.Metadata.TotalObs >= 0 && report.Metadata.GranulesFailed == 0 ? "no failure" : "failures");
    }

    private static async Task<(string Kind, string Message)> Load(IClusterClient grains, StoreSpec store, string[]? granules = null)
    {
        var context = new RunContext("hostile-" + Guid.NewGuid().ToString("N")[..8], Reference, store, "s3", 6, 5);
        var plan = new BatchPlan(0, 0, [Morton], [new PlannedCell(0, Morton, granules ?? ["s3://nsidc-cumulus-prod-protected/x.h5"])]);
        return await Refusal(() => grains.GetGrain<IRunBatchGrain>(RunKeys.Batch(context.RunId, 0)).Load(context, plan));
    }

    private static async Task<(string Kind, string Message)> Start(IClusterClient grains, string yaml, int maxWorkers = 4, int totalCells = 5)
    {
        var header = new RunHeader("hostile-" + Guid.NewGuid().ToString("N")[..8], yaml, new StoreSpec($"s3://{HostileSilo.Bucket}/stores/run.zarr"), "s3", "local",
            false, maxWorkers, 6, totalCells, 1, 1);
        return await Refusal(() => grains.GetGrain<IRunGrain>(header.RunId).Start(header));
    }

    private static async Task<(string Kind, string Message)> Refusal(Func<Task> call)
    {
        try
        {
            await call();
            return ("accepted", "");
        }
        catch (Exception e)
        {
            return (e.GetType().Name, e.Message);
        }
    }

    private static async Task<(string Kind, string Message)> Plan(string catalog, int? maxWorkers = null) =>
        await Refusal(() => RunPlanner.PlanAsync(new AggRequest { Config = "atl06", Catalog = catalog, Store = $"s3://{HostileSilo.Bucket}/stores/p.zarr", MaxWorkers = maxWorkers },
            TimeProvider.System, TestContext.Current.CancellationToken));

    private async Task<(string Kind, string Message)> BigCatalog()
    {
        var path = Path.Combine(silo.Outside, "big.json");
        await using (var file = File.Create(path))
        {
            file.SetLength(200L * 1024 * 1024);
        }

        try
        {
            return await Refusal(() => GranuleCatalog.LoadAsync(path, new InputLimits { MaxCatalogBytes = 128L * 1024 * 1024 }, TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private string Catalog(string granule) =>
        CatalogText($"{{\"metadata\": {{\"parent_order\": 6, \"s3_base\": \"s3://nsidc-cumulus-prod-protected\"}}, \"catalog\": {{\"{Morton}\": [\"{granule}\"]}}}}");

    private string CatalogText(string json)
    {
        var folder = Path.Combine(silo.Outside, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "catalog.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string AliasBomb()
    {
        var yaml = new StringBuilder("a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append(level).Append(": &").Append(level).Append(" [").Append(string.Join(", ", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
        }

        return yaml.ToString();
    }

    /// <summary>The message the config parser gives for <paramref name="yaml"/> within the default limits: what the silo must say too.</summary>
    private static string ConfigError(string yaml) =>
        Assert.Throws<ConfigException>(() => PipelineConfigLoader.Parse(yaml, "run config", new InputLimits())).Message;

    private async Task<string[]> StateItemsAsync()
    {
        using var dynamo = new AmazonDynamoDBClient(MotoServer.AccessKey, MotoServer.SecretKey,
            new AmazonDynamoDBConfig { ServiceURL = silo.Moto.Endpoint, AuthenticationRegion = MotoServer.Region });
        var items = new List<string>();
        var request = new ScanRequest { TableName = HostileSilo.Table };
        ScanResponse page;
        do
        {
            page = await dynamo.ScanAsync(request, TestContext.Current.CancellationToken);
            items.AddRange(page.Items.Select(i => string.Join('\n', i.Select(a => $"{a.Key}={a.Value.S}{(a.Value.B is { } b ? Encoding.UTF8.GetString(b.ToArray()) : "")}"))));
            request.ExclusiveStartKey = page.LastEvaluatedKey;
        }
        while (page.LastEvaluatedKey is { Count: > 0 });
        return [.. items];
    }

    private sealed record Row(string Name, Func<Task<(string Kind, string Message)>> Act, string Kind, string Message);
}
