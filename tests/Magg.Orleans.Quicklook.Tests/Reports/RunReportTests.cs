using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Json.Schema;
using Magg.Orleans.Quicklook.Reports;
using Magg.Orleans.Quicklook.Tests.Support;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Quicklook.Tests.Reports;

/// <summary>The run report: its JSON against the published schema, the page's escaping, and writing it into a store.</summary>
public sealed class RunReportTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly LocalObjectStore _objects;

    public RunReportTests() => _objects = new LocalObjectStore(_folder.Path);

    public void Dispose()
    {
        _objects.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Json_OfAReport_MatchesTheSchemaAndReadsBack()
    {
        var report = SampleReports.Create("run-1", SampleReports.Started.AddMinutes(3));

        var json = RunReportJson.Serialize(report);
        var result = JsonSchema.FromText(RunReportJson.Schema).Evaluate(JsonDocument.Parse(json).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        var back = RunReportJson.Parse(json);

        Assert.True(result.IsValid, string.Join("\n", result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
        Assert.NotNull(back);
        Assert.Equal(Encoding.UTF8.GetString(json), Encoding.UTF8.GetString(RunReportJson.Serialize(back)));
        Assert.Equal((4, 2, 0, 1, 1, 62L, 2000L, 3, 1), (back.Totals.TotalCells, back.Totals.CellsWritten, back.Totals.CellsUpToDate, back.Totals.CellsEmpty,
            back.Totals.CellsFailed, back.Totals.ChildCellsWithData, back.Totals.Observations, back.Totals.GranulesFailed, back.Totals.GroupsFailed));
        Assert.Equal((180.0, 8.1, 1.5, 4.0), (back.Timings.WallTimeSeconds, back.Timings.CellSecondsTotal, back.Timings.CellSecondsMedian, back.Timings.CellSecondsMax));
        Assert.Contains("\"schema\": \"magg-orleans/run-report\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Contains("\"schema_version\": 1", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherSchemaOrVersion_IsNotAReport()
    {
        var json = Encoding.UTF8.GetString(RunReportJson.Serialize(SampleReports.Create("run-1", SampleReports.Started)));

        Assert.Null(RunReportJson.Parse(Encoding.UTF8.GetBytes(json.Replace("\"schema_version\": 1", "\"schema_version\": 2", StringComparison.Ordinal))));
        Assert.Null(RunReportJson.Parse("""{"run_id": "x", "template_id": "t", "expires_at": "2026-01-01T00:00:00Z"}"""u8));
        Assert.Null(RunReportJson.Parse("not json"u8));
    }

    [Fact]
    public async Task Write_HostileGranulesAndReasons_AreEscapedTextInTheFailuresTable()
    {
        // Arrange: a store with data, so the page has its map.
        var ct = TestContext.Current.CancellationToken;
        await SampleStore.WriteAsync(_objects, 4, 7, SampleStore.ParentsAt(4, (-75.0, 10.0)), (_, _, i) => i, null, ct);
        var report = SampleReports.Create("run-<1>", SampleReports.Started.AddMinutes(3), _folder.Path);

        // Act
        var written = await RunReportWriter.WriteAsync(_objects, report, cancellationToken: ct);
        var page = Encoding.UTF8.GetString((await _objects.ReadAsync(written.HtmlKey, ct))!);
        var document = XDocument.Parse(page[page.IndexOf("<html", StringComparison.Ordinal)..]);

        // Assert: the page is well formed, has no element the data could have injected, and shows the text as it was.
        Assert.Equal(("_magg/runs/run-%3C1%3E.json", "_magg/runs/run-%3C1%3E.html"), (written.JsonKey, written.HtmlKey));
        Assert.Null(written.MapError);
        var elements = document.Descendants().Select(e => e.Name.LocalName).Distinct().ToHashSet();
        Assert.DoesNotContain("script", elements);
        Assert.DoesNotContain("b", elements);
        var image = Assert.Single(document.Descendants("img"));
        Assert.StartsWith("data:image/png;base64,", image.Attribute("src")!.Value, StringComparison.Ordinal);
        using var map = Png.Decode(Convert.FromBase64String(image.Attribute("src")!.Value["data:image/png;base64,".Length..]));
        Assert.Equal((900, 720), (map.Width, map.Height));
        Assert.DoesNotContain(document.Descendants().SelectMany(e => e.Attributes()), a => a.Name.LocalName.StartsWith("on", StringComparison.Ordinal));

        var failureRows = document.Descendants("table").Single(t => t.Attribute("class")?.Value == "failures")
            .Descendants("tbody").Single().Elements("tr").Select(tr => tr.Elements("td").Select(td => td.Value).ToArray()).ToList();
        Assert.Equal(4, failureRows.Count);
        Assert.Equal(["-3131312", "written", SampleReports.ScriptGranule, "", "HDF5 signature not found"], failureRows[0]);
        Assert.Equal(["-3131312", "written", "s3://bucket/ATL06_1.h5", "gt1l", SampleReports.AttributeBreaker], failureRows[1]);
        Assert.Equal(["-3131314", "failed", "", "", "<b>throttled</b> & gave up"], failureRows[2]);
        Assert.Equal("https://data.example/ATL06_2.h5?[redacted]", failureRows[3][2]);
        Assert.Equal("Run run-<1>", document.Descendants("h1").Single().Value);
    }

    [Fact]
    public async Task Write_SecretsInUrls_NeverReachTheStore()
    {
        var ct = TestContext.Current.CancellationToken;
        var report = SampleReports.Create("run-secret", SampleReports.Started.AddMinutes(3));

        await RunReportWriter.WriteAsync(_objects, report, new RunReportOptions { IncludeMap = false }, ct);

        var everything = new StringBuilder();
        await foreach (var key in _objects.ListAsync("", ct))
        {
            everything.Append(Encoding.UTF8.GetString((await _objects.ReadAsync(key, ct))!));
        }

        Assert.DoesNotContain(SampleReports.Secret, everything.ToString(), StringComparison.Ordinal);
        var back = await RunReportWriter.ReadAsync(_objects, "run-secret", ct);
        Assert.Equal("http://[redacted]@127.0.0.1:9000", back!.Request.StoreEndpoint);
        Assert.Equal("https://catalogs.example/c.json?[redacted]", back.Request.Catalog);
        Assert.Equal("GET https://data.example/ATL06_2.h5?[redacted] answered 503", back.Cells[3].Failures[0].Reason);
    }

    [Fact]
    public async Task Write_LaterRuns_KeepEarlierReportsAndPointAtTheLastFinished()
    {
        // Arrange
        var ct = TestContext.Current.CancellationToken;
        var options = new RunReportOptions { IncludeMap = false };

        // Act: run b finishes last; a's report is written after b's (a late writer must not take the pointer back).
        await RunReportWriter.WriteAsync(_objects, SampleReports.Create("run-b", SampleReports.Started.AddMinutes(10)), options, ct);
        await RunReportWriter.WriteAsync(_objects, SampleReports.Create("run-a", SampleReports.Started.AddMinutes(5)), options, ct);
        await RunReportWriter.WriteAsync(_objects, SampleReports.Create("run-c", SampleReports.Started.AddMinutes(20)), options, ct);
        var store = new ZarrDggsStore(_objects, new DggsLayout(8, 4, 1, [new("cell_ids", Core.Aggregation.DataType.UInt64, 0), new("morton", Core.Aggregation.DataType.Int64, 0)]));
        await store.PrepareAsync(overwrite: true, ct);

        // Assert
        var keys = new List<string>();
        await foreach (var key in _objects.ListAsync(RunReportWriter.Folder, ct))
        {
            keys.Add(key);
        }

        Assert.Equal(["_magg/runs/run-a.html", "_magg/runs/run-a.json", "_magg/runs/run-b.html", "_magg/runs/run-b.json", "_magg/runs/run-c.html", "_magg/runs/run-c.json"], keys);
        Assert.Equal("run-c", await RunReportWriter.ReadLastRunIdAsync(_objects, ct));
        Assert.Equal("run-a", (await RunReportWriter.ReadAsync(_objects, "run-a", ct))!.RunId);
    }

    [Fact]
    public async Task Write_StoreWithoutZarrData_WritesThePageAndSaysWhyThereIsNoMap()
    {
        var ct = TestContext.Current.CancellationToken;

        var written = await RunReportWriter.WriteAsync(_objects, SampleReports.Create("run-empty", SampleReports.Started), cancellationToken: ct);
        var page = Encoding.UTF8.GetString((await _objects.ReadAsync(written.HtmlKey, ct))!);

        Assert.Equal($"{_folder.Path} is not a Zarr store: it has no zarr.json.", written.MapError);
        Assert.Contains($"No map: {_folder.Path} is not a Zarr store: it has no zarr.json.", page, StringComparison.Ordinal);
        Assert.Equal($"{_folder.Path}/_magg/runs/run-empty.html", written.HtmlLocation);
    }

    [Fact]
    public async Task Write_OnMotoS3_ReadsBackWithTheMapOfTheStore()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using var client = new AmazonS3Client(new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new AmazonS3Config { ServiceURL = moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });
        await client.PutBucketAsync(new PutBucketRequest { BucketName = "reports", BucketRegionName = MotoServer.Region }, ct);
        using var s3 = new S3ObjectStore(client, "reports", "stores/a.zarr");
        await SampleStore.WriteAsync(s3, 4, 7, SampleStore.ParentsAt(4, (70.0, -40.0)), (_, _, i) => i, null, ct);

        var written = await RunReportWriter.WriteAsync(s3, SampleReports.Create("run-s3", SampleReports.Started.AddMinutes(1), "s3://reports/stores/a.zarr"), cancellationToken: ct);
        var back = await RunReportWriter.ReadAsync(s3, "run-s3", ct);
        var page = Encoding.UTF8.GetString((await s3.ReadAsync(written.HtmlKey, ct))!);

        Assert.Null(written.MapError);
        Assert.Equal("s3://reports/stores/a.zarr/_magg/runs/run-s3.html", written.HtmlLocation);
        Assert.Equal(4, back!.Cells.Count);
        Assert.Contains("data:image/png;base64,", page, StringComparison.Ordinal);
        Assert.Contains("north-polar", page, StringComparison.Ordinal);
    }
}
