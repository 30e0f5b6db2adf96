using System.Collections;
using System.Net;
using Magg.Orleans.Grains.Hosting;
using Magg.Orleans.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Magg.Orleans.Cluster.Tests;

/// <summary>How silo flags and environment variables become one <see cref="SiloHostOptions"/>, and what is refused.</summary>
public sealed class SiloSettingsTests
{
    private static readonly Dictionary<string, string> NoVariables = [];

    [Fact]
    public void Bind_Nothing_IsOneLocalSiloInMemory()
    {
        var options = SiloCommandLine.Bind([], Variables(NoVariables));

        Assert.Equal((SiloClustering.Localhost, SiloStorage.Memory, 11111, 30000, "magg", "magg", "magg-grain-state"),
            (options.Clustering, options.Storage, options.SiloPort, options.GatewayPort, options.ClusterId, options.ServiceId, options.TableName));
    }

    [Fact]
    public void Bind_EveryFlag_SetsItsOption()
    {
        var options = SiloCommandLine.Bind(
        [
            "--clustering", "redis", "--redis", "cache:6379,ssl=true", "--storage", "dynamodb", "--dynamodb-table", "t-1",
            "--dynamodb-endpoint", "http://127.0.0.1:5000", "--region", "eu-west-1", "--silo-port", "2000", "--gateway-port", "3000",
            "--advertise", "10.0.1.5", "--cluster-id", "c", "--service-id", "s",
        ], Variables(NoVariables));

        Assert.Equal((SiloClustering.Redis, "cache:6379,ssl=true", SiloStorage.DynamoDb, "t-1", new Uri("http://127.0.0.1:5000"), "eu-west-1"),
            (options.Clustering, options.Redis, options.Storage, options.TableName, options.DynamoDbEndpoint, options.Region));
        Assert.Equal((2000, 3000, IPAddress.Parse("10.0.1.5"), "c", "s"), (options.SiloPort, options.GatewayPort, options.Advertise, options.ClusterId, options.ServiceId));
    }

    [Fact]
    public void Bind_EveryVariable_SetsItsOption_AndFlagsWin()
    {
        var variables = new Dictionary<string, string>
        {
            ["MAGG_CLUSTERING"] = "REDIS", ["MAGG_REDIS"] = "cache:6379", ["MAGG_STORAGE"] = "DynamoDB", ["MAGG_DYNAMODB_TABLE"] = "from-env",
            ["MAGG_DYNAMODB_ENDPOINT"] = "https://dynamo.example", ["AWS_REGION"] = "us-west-2", ["MAGG_SILO_PORT"] = "2001",
            ["MAGG_GATEWAY_PORT"] = "3001", ["MAGG_ADVERTISE"] = "10.0.0.9", ["MAGG_CLUSTER_ID"] = "env-cluster", ["MAGG_SERVICE_ID"] = "env-service",
            ["MAGG_HTTP"] = "0.0.0.0:8080", ["MAGG_HTTP_TOKEN_FILE"] = TokenFile.Value,
            ["MAGG_ALLOW_GRANULES"] = "s3://granules/atl06/, https://data.example.org/", ["MAGG_ALLOW_STORES"] = "s3://stores/",
            ["MAGG_ALLOW_LOOPBACK_FOR_TESTS"] = "true",
        };
        using var folder = new TestSupport.TemporaryFolder();
        using var authority = TestSupport.TestCertificates.Create();
        var (certificate, key) = TestSupport.TestCertificates.WritePem(authority.Silo(), folder.Path, "silo");
        (variables["MAGG_TLS_CERT"], variables["MAGG_TLS_KEY"], variables["MAGG_TLS_CLIENT_CA"]) = (certificate, key, authority.WriteAuthority(folder.Path));
        Assert.Equal(SiloSettings.All.Select(s => s.EnvironmentVariable).Order(), variables.Keys.Order());

        var fromEnvironment = SiloCommandLine.Bind([], Variables(variables));
        var flagsWin = SiloCommandLine.Bind(["--dynamodb-table", "from-flag", "--silo-port", "2002", "--allow-stores", "s3://a/", "--allow-stores", "s3://b/x/"],
            Variables(variables));

        Assert.Equal(["s3://granules/atl06/", "https://data.example.org/"], fromEnvironment.AllowGranules);
        Assert.Equal(["s3://stores/"], fromEnvironment.AllowStores);
        Assert.Equal(["s3://a/", "s3://b/x/"], flagsWin.AllowStores);
        Assert.True(fromEnvironment.AllowLoopbackForTests);
        Assert.Equal(new Grains.Hosting.MaggTlsFiles(certificate, key, variables["MAGG_TLS_CLIENT_CA"]), fromEnvironment.Tls);

        Assert.Equal((SiloClustering.Redis, SiloStorage.DynamoDb, "from-env", 2001, 3001, "env-cluster", "env-service", "us-west-2"),
            (fromEnvironment.Clustering, fromEnvironment.Storage, fromEnvironment.TableName, fromEnvironment.SiloPort, fromEnvironment.GatewayPort,
                fromEnvironment.ClusterId, fromEnvironment.ServiceId, fromEnvironment.Region));
        Assert.Equal(("from-flag", 2002, 3001), (flagsWin.TableName, flagsWin.SiloPort, flagsWin.GatewayPort));
        Assert.Equal(("0.0.0.0:8080", "file-token-0123456789"), (fromEnvironment.HttpApi?.Listen, fromEnvironment.HttpApi?.Token));
    }

    [Fact]
    public void Bind_Http_TakesTheTokenVariable_AndWithoutAnyTokenListensOnLoopbackOnly()
    {
        var loopback = SiloCommandLine.Bind(["--http", "127.0.0.1:8081"], Variables(NoVariables));
        var withToken = SiloCommandLine.Bind(["--http", "0.0.0.0:8081"], Variables(new() { ["MAGG_HTTP_TOKEN"] = "variable-token-0123456789" }));
        var error = Assert.Throws<SiloHostOptionsException>(() => SiloCommandLine.Bind(["--http", "0.0.0.0:8081"], Variables(NoVariables)));

        Assert.Equal(("127.0.0.1:8081", null), (loopback.HttpApi?.Listen, loopback.HttpApi?.Token));
        Assert.Equal("variable-token-0123456789", withToken.HttpApi?.Token);
        Assert.StartsWith("--http 0.0.0.0:8081 listens beyond this machine: give a bearer token", error.Message, StringComparison.Ordinal);
        Assert.Null(SiloCommandLine.Bind([], Variables(NoVariables)).HttpApi);
    }

    [Theory]
    [InlineData(new[] { "--clustering", "redis" }, "--clustering redis needs --redis")]
    [InlineData(new[] { "--redis", "cache:6379" }, "--redis is only used with --clustering redis")]
    [InlineData(new[] { "--advertise", "10.0.0.1" }, "--advertise is only used with --clustering redis")]
    [InlineData(new[] { "--dynamodb-table", "t-1" }, "--dynamodb-table is only used with --storage dynamodb")]
    [InlineData(new[] { "--dynamodb-endpoint", "http://127.0.0.1:5000" }, "--dynamodb-endpoint is only used with --storage dynamodb")]
    [InlineData(new[] { "--storage", "cassandra" }, "--storage 'cassandra': not one of: memory, dynamodb")]
    [InlineData(new[] { "--allow-stores", "/data/stores" }, "--allow-stores '/data/stores': '/data/stores' is not an s3://bucket/prefix/ (a cluster writes its stores to S3")]
    [InlineData(new[] { "--allow-granules", "http://data.example.org/" }, "--allow-granules 'http://data.example.org/': 'http://data.example.org/' is not https://host/")]
    [InlineData(new[] { "--tls-cert", "/nonexistent.crt" }, "--tls-cert, --tls-key and --client-ca go together")]
    [InlineData(new[] { "--clustering", "zookeeper" }, "--clustering 'zookeeper': not one of: localhost, redis")]
    [InlineData(new[] { "--silo-port", "70000" }, "--silo-port '70000': not a port number (1-65535)")]
    [InlineData(new[] { "--gateway-port", "11111" }, "--silo-port and --gateway-port must differ")]
    [InlineData(new[] { "--storage", "dynamodb", "--dynamodb-endpoint", "localhost:5000" }, "--dynamodb-endpoint 'localhost:5000': not an http(s) URL")]
    [InlineData(new[] { "--storage", "dynamodb", "--dynamodb-table", "a" }, "--dynamodb-table 'a': not a DynamoDB table name")]
    [InlineData(new[] { "--clustering", "redis", "--redis", "cache:6379", "--advertise", "somewhere" }, "--advertise 'somewhere': not an IP address")]
    [InlineData(new[] { "--cluster-id", "two words" }, "--cluster-id 'two words': not a single word")]
    [InlineData(new[] { "--http", "localhost" }, "--http 'localhost' is not IP:PORT")]
    [InlineData(new[] { "--http-token-file", "/nonexistent/token" }, "--http-token-file is only used with --http IP:PORT")]
    [InlineData(new[] { "--http", "127.0.0.1:1", "--http-token-file", "/nonexistent/token" }, "--http-token-file /nonexistent/token: cannot read it")]
    public void Bind_BadFlags_NameTheFlagInOneLine(string[] args, string expected)
    {
        var error = Assert.Throws<SiloHostOptionsException>(() => SiloCommandLine.Bind(args, Variables(NoVariables)));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Bind_BadVariable_NamesTheVariable()
    {
        var error = Assert.Throws<SiloHostOptionsException>(() => SiloCommandLine.Bind([], Variables(new() { ["MAGG_GATEWAY_PORT"] = "web" })));

        Assert.Equal("MAGG_GATEWAY_PORT 'web': not a port number (1-65535)", error.Message);
    }

    [Fact]
    public void Bind_BadRedisConnection_NeverRepeatsItsPassword()
    {
        var error = Assert.Throws<SiloHostOptionsException>(() =>
            SiloCommandLine.Bind(["--clustering", "redis", "--redis", "password=hunter2,nonsense=1"], Variables(NoVariables)));

        Assert.StartsWith("--redis: not HOST:PORT", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Orleans__Clustering", "--clustering or MAGG_CLUSTERING")]
    [InlineData("Orleans__Redis", "--redis or MAGG_REDIS")]
    [InlineData("Magg__Storage", "--storage or MAGG_STORAGE")]
    [InlineData("Magg__DynamoDB__TableName", "--dynamodb-table or MAGG_DYNAMODB_TABLE")]
    public void Bind_VariableOfEarlierBuilds_IsRefusedNamingItsReplacement(string variable, string replacement)
    {
        var error = Assert.Throws<SiloHostOptionsException>(() => SiloCommandLine.Bind([], Variables(new() { [variable] = "Redis" })));

        Assert.Equal($"{variable} is no longer read; use {replacement} (Orleans__* variables configure Orleans itself)", error.Message);
    }

    [Fact]
    public void Build_MaggSectionVariables_TuneRunsStoresAndMembership()
    {
        var variables = new Hashtable
        {
            ["MAGG_RUN__CELLLEASE"] = "00:00:07",
            ["MAGG_RUN__TICKPERIOD"] = "00:00:00.250",
            ["MAGG_STORES__S3SERVICEURL"] = "http://127.0.0.1:9000",
            ["MAGG_MEMBERSHIP__PROBETIMEOUT"] = "00:00:03",
            ["MAGG_CLUSTERING"] = "localhost",
        };

        using var host = MaggSiloHost.Build(SiloCommandLine.Bind(["--region", "eu-north-1"], Variables(NoVariables)), variables);

        var run = host.Services.GetRequiredService<IOptions<RunOptions>>().Value;
        var stores = host.Services.GetRequiredService<IOptions<OutputStoreOptions>>().Value;
        var membership = host.Services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal((TimeSpan.FromSeconds(7), TimeSpan.FromMilliseconds(250)), (run.CellLease, run.TickPeriod));
        Assert.Equal(("http://127.0.0.1:9000", "eu-north-1"), (stores.S3ServiceUrl, stores.Region));
        Assert.Equal(TimeSpan.FromSeconds(3), membership.ProbeTimeout);
    }

    private static readonly Lazy<string> TokenFile = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"magg-silo-settings-token-{Environment.ProcessId}");
        File.WriteAllText(path, "file-token-0123456789\n");
        return path;
    });

    private static Func<string, string?> Variables(Dictionary<string, string> variables) => name => variables.GetValueOrDefault(name);
}
