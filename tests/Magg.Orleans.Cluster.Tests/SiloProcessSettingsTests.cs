namespace Magg.Orleans.Cluster.Tests;

/// <summary>
/// <c>magg-orleans silo</c> and the silo image as processes: settings they cannot use end them with exit code 2 and
/// one line on stderr that names the flag or variable, before anything starts.
/// </summary>
public sealed class SiloProcessSettingsTests : IAsyncDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromMinutes(1);
    private readonly ChildProcesses _processes = new();

    [Fact]
    public async Task Silo_RedisClusteringWithoutRedis_ExitsTwoNamingTheFlag()
    {
        var silo = _processes.Start("magg-orleans silo", LocalCluster.Cli, ["silo", "--clustering", "redis", "--storage", "dynamodb"], NoVariables());

        await AssertRefusedAsync(silo, "error: --clustering redis needs --redis HOST:PORT (or MAGG_REDIS)");
    }

    [Fact]
    public async Task SiloImage_UnknownStorageVariable_ExitsTwoNamingTheVariable()
    {
        var variables = NoVariables();
        variables["MAGG_STORAGE"] = "cassandra";
        var silo = _processes.Start("silo image", LocalCluster.SiloImage, [], variables);

        await AssertRefusedAsync(silo, "error: MAGG_STORAGE 'cassandra': not one of: memory, dynamodb");
    }

    [Fact]
    public async Task Silo_OrleansClusteringVariableOfEarlierBuilds_ExitsTwoNamingItsReplacement()
    {
        // What the Dockerfile and deploy/ used to set: it made the silo die with "Could not find Clustering provider named 'Default'".
        var variables = NoVariables();
        variables["Orleans__Clustering"] = "Redis";
        variables["Orleans__Redis"] = "127.0.0.1:6379";
        var silo = _processes.Start("magg-orleans silo", LocalCluster.Cli, ["silo"], variables);

        await AssertRefusedAsync(silo, "error: Orleans__Clustering is no longer read; use --clustering or MAGG_CLUSTERING (Orleans__* variables configure Orleans itself)");
    }

    [Fact]
    public async Task Silo_TlsCertificateFileMissing_ExitsTwoNamingTheFlagAndTheFile()
    {
        using var folder = new TestSupport.TemporaryFolder();
        using var authority = TestSupport.TestCertificates.Create();
        var (_, key) = TestSupport.TestCertificates.WritePem(authority.Silo(), folder.Path, "silo");
        var missing = folder.File("missing.crt");
        var silo = _processes.Start("magg-orleans silo", LocalCluster.Cli,
            ["silo", "--tls-cert", missing, "--tls-key", key, "--client-ca", authority.WriteAuthority(folder.Path)], NoVariables());

        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout, TestContext.Current.CancellationToken));
        Assert.StartsWith($"! error: --tls-cert: cannot load the TLS certificate {missing} with key {key}: ", silo.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', silo.Transcript);
    }

    [Fact]
    public async Task SiloImage_UnknownFlag_ExitsTwo()
    {
        var silo = _processes.Start("silo image", LocalCluster.SiloImage, ["--clusterin", "redis"], NoVariables());

        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout, TestContext.Current.CancellationToken));
        Assert.Contains("--clusterin", silo.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_RedisUnreachable_ExitsOneSayingWhy()
    {
        var redis = "127.0.0.1:" + Port();
        var silo = _processes.Start("magg-orleans silo", LocalCluster.Cli,
            ["silo", "--clustering", "redis", "--redis", redis, "--advertise", "127.0.0.1", "--silo-port", Port(), "--gateway-port", Port()], NoVariables());

        Assert.Equal(1, await silo.WaitForExitAsync(TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken));
        var last = silo.Transcript.Split('\n')[^1];
        Assert.StartsWith("! error: the silo stopped: ", last, StringComparison.Ordinal);
        Assert.Contains("not possible to connect to the redis server", last, StringComparison.Ordinal);
    }

    public ValueTask DisposeAsync() => _processes.DisposeAsync();

    private static string Port() => TestSupport.FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task AssertRefusedAsync(ChildProcess silo, string line)
    {
        Assert.Equal(2, await silo.WaitForExitAsync(ExitTimeout, TestContext.Current.CancellationToken));
        Assert.Equal("! " + line, silo.Transcript);
    }

    /// <summary>The test process's environment without any silo setting, so only the test's own reach the silo.</summary>
    private static Dictionary<string, string?> NoVariables() =>
        Silo.SiloSettings.All.Select(s => s.EnvironmentVariable)
            .Concat(Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MAGG_", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(name => name, _ => (string?)null, StringComparer.Ordinal);
}
