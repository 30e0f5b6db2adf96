using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Magg.Orleans.Lambda.Tests.Support;
using Magg.Orleans.Storage.Lambda;
using Magg.Orleans.TestSupport;
using Magg.Orleans.TestSupport.Lambda;

namespace Magg.Orleans.Lambda.Tests;

/// <summary>
/// The Invoke request's SigV4 signature, checked by an independent signer: botocore recomputes it from the request the
/// emulator received (method, path, signed headers, body) and the credentials, and must get the same signature.
/// </summary>
public sealed class LambdaSignatureTests
{
    private const string Token = "magg-lambda-test-session-token";

    [Fact]
    public async Task Invoke_SignsForServiceLambdaInTheRegion_AndBotocoreComputesTheSameSignature()
    {
        var python = ExternalTool.Require("python3", "apt-get install python3");
        RequireBotocore(python);
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await LambdaEmulator.StartAsync(new LambdaEmulatorOptions { Region = "eu-central-1", Handler = body => body }, ct);
        using var invoker = new LambdaInvoker(credentials: new SessionAWSCredentials(LambdaWorld.AccessKey, LambdaWorld.SecretKey, Token),
            environment: name => name == "AWS_ENDPOINT_URL_LAMBDA" ? emulator.Endpoint : null);

        var answer = await invoker.InvokeAsync("process-morton-cell", "eu-central-1", """{"v": 1, "parent_morton": -4113313, "chunk_index": 7}"""u8.ToArray(), ct);

        Assert.Equal(LambdaInvocationKind.Answered, answer.Kind);
        var invocation = Assert.Single(emulator.Invocations);
        Assert.Empty(emulator.SignatureProblems);
        var verdict = await BotocoreAsync(python, emulator.Endpoint, invocation, invocation.Headers, ct);
        Assert.Equal($"{DateOnlyOf(invocation)}/eu-central-1/lambda/aws4_request", verdict.Scope);
        Assert.Equal(verdict.Expected, verdict.Actual);
        Assert.Equal(Token, invocation.Headers["x-amz-security-token"]);
        Assert.Equal(("RequestResponse", "Tail"), (invocation.Headers["x-amz-invocation-type"], invocation.Headers["x-amz-log-type"]));

        if (invocation.Headers.TryGetValue("x-amz-content-sha256", out var bodyHash))
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(invocation.Event)), bodyHash);
        }

        var tampered = await BotocoreAsync(python, emulator.Endpoint, invocation, new Dictionary<string, string>(invocation.Headers) { ["x-amz-log-type"] = "None" }, ct);
        Assert.NotEqual(tampered.Expected, tampered.Actual);
    }

    private static string DateOnlyOf(EmulatedInvocation invocation) => invocation.Headers["x-amz-date"][..8];

    private static async Task<(string Expected, string Actual, string Scope)> BotocoreAsync(string python, string endpoint, EmulatedInvocation invocation,
        IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var input = new JsonObject
        {
            ["url"] = endpoint + invocation.Target,
            ["method"] = "POST",
            ["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)JsonValue.Create(h.Value)))),
            ["body"] = Convert.ToBase64String(invocation.Event),
            ["access_key"] = LambdaWorld.AccessKey,
            ["secret_key"] = LambdaWorld.SecretKey,
            ["token"] = Token,
            ["region"] = "eu-central-1",
            ["service"] = "lambda",
        };
        var script = Path.Combine(AppContext.BaseDirectory, "Support", "sigv4_verify.py");
        var start = new ProcessStartInfo(python, [script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        try
        {
            await process.StandardInput.WriteAsync(input.ToJsonString());
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
            Assert.True(process.ExitCode == 0, await error);
            using var verdict = JsonDocument.Parse(await output);
            var root = verdict.RootElement;
            return (root.GetProperty("expected").GetString()!, root.GetProperty("actual").GetString()!, root.GetProperty("scope").GetString()!);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static void RequireBotocore(string python)
    {
        using var probe = Process.Start(new ProcessStartInfo(python, ["-c", "import botocore"]) { RedirectStandardError = true })!;
        probe.WaitForExit();
        if (probe.ExitCode != 0)
        {
            var message = "SKIPPED: Python's botocore (the independent SigV4 signer) is not installed. Install it with: pip install botocore";
            Console.Error.WriteLine(message);
            Assert.Skip(message);
        }
    }
}
