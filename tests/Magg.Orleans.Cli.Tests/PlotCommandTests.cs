using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.TestSupport;
using SkiaSharp;

namespace Magg.Orleans.Cli.Tests;

/// <summary><c>plot</c>: a PNG of the requested size from a local or S3 store, and exit 2 naming each bad input.</summary>
public sealed class PlotCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Plot_LocalStore_WritesAPngOfTheRequestedSize()
    {
        var store = await WriteStoreAsync();
        var output = _folder.Combine("map.png");

        var run = await CliRun.InvokeAsync("plot", store, "--variable", "h_mean", "--width", "640", "--height", "480", "--colormap", "cividis", "--output", output);

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        using var image = SKBitmap.Decode(output);
        Assert.Equal((640, 480), (image.Width, image.Height));
        Assert.Equal("h_mean (group 8), colour bar: h_mean [m]", run.Field("variable"));
        Assert.Equal("512 with data at order 8, drawn at order 8", run.Field("cells"));
        Assert.Equal("south-polar", run.Field("projection"));
        Assert.Equal("110.22 .. 600.78 (cividis); data 100 .. 611", run.Field("scale"));
    }

    [Theory]
    [InlineData(new[] { "--variable", "h_meen" }, "has no array 'h_meen'; its arrays are: cell_ids, h_mean, morton.")]
    [InlineData(new[] { "--variable", "h_mean", "--vmin", "5", "--vmax", "1" }, "vmin (5) must be below vmax (1).")]
    [InlineData(new[] { "--variable", "h_mean", "--vmin", "NaN" }, "vmin must be a finite number, not NaN.")]
    [InlineData(new[] { "--variable", "h_mean", "--vmax", "abc" }, "abc")]
    [InlineData(new[] { "--variable", "h_mean", "--projection", "mercator" }, "Unknown projection 'mercator'; choose one of: south-polar, north-polar, plate-carree.")]
    [InlineData(new[] { "--variable", "h_mean", "--colormap", "jet" }, "Unknown colormap 'jet'")]
    [InlineData(new[] { "--variable", "h_mean", "--group", "12" }, "has no group '12'; its groups are: 8.")]
    [InlineData(new[] { "--variable", "h_mean", "--width", "10" }, "An image of 10 x 800 pixels is not drawn")]
    public async Task Plot_BadInput_ExitsTwoNamingTheProblem(string[] options, string expected)
    {
        var store = await WriteStoreAsync();
        var output = _folder.Combine("bad.png");

        var run = await CliRun.InvokeAsync(["plot", store, .. options, "--output", output]);

        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output), "no image is written for bad input");
    }

    [Fact]
    public async Task Plot_MissingOrEmptyStore_ExitsTwoAndCreatesNothing()
    {
        var missing = _folder.Combine("nowhere.zarr");
        var empty = Directory.CreateDirectory(_folder.Combine("empty.zarr")).FullName;

        var none = await CliRun.InvokeAsync("plot", missing, "--variable", "h_mean", "--output", _folder.Combine("a.png"));
        var notZarr = await CliRun.InvokeAsync("plot", empty, "--variable", "h_mean", "--output", _folder.Combine("b.png"));
        var noOutput = await CliRun.InvokeAsync("plot", empty, "--variable", "h_mean");

        Assert.Equal((MaggCli.InvalidInput, $"error: no store at {missing}: the folder does not exist"), (none.ExitCode, none.Error.Trim()));
        Assert.False(Directory.Exists(missing), "a missing store is not created");
        Assert.Equal((MaggCli.InvalidInput, $"error: {empty} is not a Zarr store: it has no zarr.json."), (notZarr.ExitCode, notZarr.Error.Trim()));
        Assert.Equal(MaggCli.InvalidInput, noOutput.ExitCode);
        Assert.Contains("--output", noOutput.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plot_AsARealProcess_WritesTheMap()
    {
        var store = await WriteStoreAsync();
        var output = _folder.Combine("process.png");

        var run = await CliProcess.RunAsync(null, TimeSpan.FromMinutes(2), "plot", store, "--group", "8", "--variable", "h_mean", "--vmin", "100", "--vmax", "611",
            "--projection", "south-polar", "--output", output);

        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        using var image = SKBitmap.Decode(output);
        Assert.Equal((1000, 800), (image.Width, image.Height));
        Assert.Equal("100 .. 611 (viridis); data 100 .. 611", run.Field("scale"));
    }

    [Fact]
    public async Task Plot_S3StoreOnMoto_AsARealProcessWithStoreEndpoint()
    {
        // Arrange: the store in a moto bucket; the CLI gets moto's (fake) credentials from the environment, as from the AWS chain.
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using var client = new AmazonS3Client(new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new AmazonS3Config { ServiceURL = moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });
        await client.PutBucketAsync(new PutBucketRequest { BucketName = "plots", BucketRegionName = MotoServer.Region }, ct);
        using (var objects = new S3ObjectStore(client, "plots", "runs/south.zarr"))
        {
            await PlotStore.WriteAsync(objects, ct);
        }

        Directory.CreateDirectory(_folder.Path);
        var output = _folder.Combine("s3.png");
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey,
            ["AWS_REGION"] = MotoServer.Region,
        };

        // Act
        var run = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(2), "plot", "s3://plots/runs/south.zarr", "--variable", "h_mean",
            "--store-endpoint", moto.Endpoint, "--store-path-style", "--output", output);
        var missing = await CliProcess.RunAsync(environment, TimeSpan.FromMinutes(2), "plot", "s3://plots/runs/other.zarr", "--variable", "h_mean",
            "--store-endpoint", moto.Endpoint, "--store-path-style", "--output", output + ".2");

        // Assert
        Assert.True(run.ExitCode == MaggCli.Success, run.ToString());
        using var image = SKBitmap.Decode(output);
        Assert.Equal((1000, 800), (image.Width, image.Height));
        Assert.Equal("512 with data at order 8, drawn at order 8", run.Field("cells"));
        Assert.Equal((MaggCli.InvalidInput, "error: s3://plots/runs/other.zarr/ is not a Zarr store: it has no zarr.json."), (missing.ExitCode, missing.Error.Trim()));
    }

    private async Task<string> WriteStoreAsync()
    {
        var path = _folder.Combine("store.zarr");
        using var objects = new LocalObjectStore(path);
        await PlotStore.WriteAsync(objects, TestContext.Current.CancellationToken);
        return path;
    }
}
