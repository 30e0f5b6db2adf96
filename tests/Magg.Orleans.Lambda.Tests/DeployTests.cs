using System.Globalization;
using System.Text.RegularExpressions;
using Amazon.S3.Model;
using Magg.Orleans.Lambda.Tests.Support;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Lambda.Tests;

/// <summary>
/// deploy/lambda as users run it: the template passes cfn-lint, and every command of its README runs as a real process
/// against moto_server (S3, CloudFormation), the submit going to the Lambda emulator whose workers are the function
/// published as the issue states (<c>dotnet publish src/Magg.Orleans.Lambda -c Release -o DIR</c> gives DIR/bootstrap).
/// </summary>
public sealed partial class DeployTests(LambdaWorld world) : IClassFixture<LambdaWorld>
{
    private const string CodeBucket = "magg-lambda-code";

    [Fact]
    public async Task Template_PassesCfnLint()
    {
        var cfnLint = ExternalTool.Require("cfn-lint", "pip install cfn-lint");

        var run = await ProcessRun.RunAsync(cfnLint, [Path.Combine(Repository.Root, "deploy", "lambda", "template.yaml")], new Dictionary<string, string?>(),
            TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task ReadmeCommands_PublishDeployAndSubmit_RunAsWritten_WithThePublishedBootstrapAsTheFunction()
    {
        var aws = ExternalTool.Require("aws", "pip install awscli");
        ExternalTool.Require("zip", "apt-get install zip");
        var ct = TestContext.Current.CancellationToken;
        var published = Path.Combine(world.Folder, "published");
        var publish = await ProcessRun.RunAsync(Repository.Dotnet, ["publish", Path.Combine(Repository.Root, "src", "Magg.Orleans.Lambda"), "-c", "Release", "-o", published],
            new Dictionary<string, string?>(), TimeSpan.FromMinutes(8), ct);
        Assert.True(publish.ExitCode == 0, publish.ToString());
        var bootstrap = Path.Combine(published, "bootstrap");
        Assert.True(File.Exists(bootstrap), $"{bootstrap} is missing after publish:\n{publish}");
        Assert.False(File.Exists(Path.Combine(published, "bootstrap.runtimeconfig.json")) && !File.Exists(Path.Combine(published, "libcoreclr.so")),
            "the published bootstrap is not self-contained");
        await using var emulator = await world.StartEmulatorAsync(workers: 2, executable: bootstrap);
        await world.S3.PutBucketAsync(new PutBucketRequest { BucketName = CodeBucket, BucketRegionName = LambdaWorld.Region }, ct);
        var cliFolder = CliFolder();
        var environment = new Dictionary<string, string?>(world.Aws)
        {
            ["CODE_BUCKET"] = CodeBucket,
            ["STORE_BUCKET"] = LambdaWorld.StoreBucket,
            ["CATALOG"] = LambdaWorld.SmallCatalog,
            ["AWS_ENDPOINT_URL"] = world.S3Endpoint,
            ["AWS_ENDPOINT_URL_LAMBDA"] = emulator.Endpoint,
            ["PATH"] = $"{cliFolder}{Path.PathSeparator}{Path.GetDirectoryName(Path.GetFullPath(Repository.DotnetPath))}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
        };

        var outputs = new List<ProcessRun>();
        try
        {
            foreach (var command in ReadmeCommands())
            {
                var run = await ProcessRun.RunAsync("bash", ["-c", $"cd '{Repository.Root}' && {command}"], environment, TimeSpan.FromMinutes(8), ct);
                Assert.True(run.ExitCode == 0, $"{command}\n{run}\n--- workers\n{string.Join('\n', emulator.WorkerOutput.TakeLast(40))}");
                outputs.Add(run);
            }
        }
        finally
        {
            // What the README's commands leave in out/ (ignored by git).
            var output = Path.Combine(Repository.Root, "out");
            if (Directory.Exists(Path.Combine(output, "lambda-arm64")))
            {
                Directory.Delete(Path.Combine(output, "lambda-arm64"), recursive: true);
            }

            File.Delete(Path.Combine(output, "bootstrap-arm64.zip"));
        }

        var submit = outputs[^1];
        Assert.Equal(("Completed", "lambda", "79648", "5"), (submit.Field("status"), submit.Field("backend"), submit.Field("total_obs"), submit.Field("lambda_invocations")));
        Assert.NotEmpty(await world.StoreObjectsAsync("atl06.zarr"));
        // The deployed function's own access policy lets it write its store bucket and nothing else.
        var function = await ProcessRun.RunAsync(aws, ["lambda", "get-function-configuration", "--function-name", "process-morton-cell", "--output", "text",
            "--query", "[Runtime,Handler,MemorySize,Timeout,Environment.Variables.MAGG_ALLOW_STORES]"], new Dictionary<string, string?>(environment) { ["AWS_ENDPOINT_URL_LAMBDA"] = null },
            TimeSpan.FromMinutes(1), ct);
        Assert.Equal($"provided.al2023\tbootstrap\t2048\t900\ts3://{LambdaWorld.StoreBucket}/", function.Output.Trim());
        var coldStarts = emulator.ColdStarts.Select(c => c.TotalMilliseconds).Order().ToArray();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"published bootstrap cold start (process start to first next request): {string.Join(", ", coldStarts.Select(c => $"{c:F0} ms"))}"));
    }

    /// <summary>The README's bash block, without the line that sets the buckets (the test sets them).</summary>
    private static IEnumerable<string> ReadmeCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "deploy", "lambda", "README.md"));
        var block = BashBlock().Match(readme);
        Assert.True(block.Success, "deploy/lambda/README.md has no bash block");
        return block.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith("export ", StringComparison.Ordinal));
    }

    /// <summary>A folder with <c>magg-orleans</c> (the CLI's build output) in it, for the PATH.</summary>
    private string CliFolder()
    {
        var folder = Path.Combine(world.Folder, "bin");
        Directory.CreateDirectory(folder);
        var cli = Path.Combine(folder, "magg-orleans");
        File.WriteAllText(cli, $"#!/bin/sh\nexec '{Repository.DotnetPath}' '{Repository.CliDll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(cli, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return folder;
    }

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
