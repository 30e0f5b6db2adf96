using System.Globalization;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Cli.Tests;

/// <summary><c>status</c> and <c>submit --gateway</c> against gateways that are not there or not addresses.</summary>
public sealed class StatusCommandTests
{
    [Fact]
    public async Task Status_NothingListening_FailsWithAClearMessage()
    {
        var gateway = "127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);

        var run = await CliRun.InvokeAsync("status", "some-run", "--gateway", gateway, "--connect-timeout", "3");

        Assert.True(run.ExitCode == MaggCli.RunFailed, run.ToString());
        Assert.Contains($"error: cannot reach the cluster at {gateway}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_MalformedGateway_IsInvalidInput()
    {
        var run = await CliRun.InvokeAsync("status", "x", "--gateway", "nonsense");

        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        Assert.Contains("not host:port", run.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitToGateway_NothingListening_FailsWithAClearMessage()
    {
        var gateway = "127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);

        var run = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", SmallFixture.Catalog, "--store", "/nonexistent/out.zarr", "--gateway", gateway, "--connect-timeout", "3");

        Assert.True(run.ExitCode == MaggCli.RunFailed, run.ToString());
        Assert.Contains($"error: cannot reach the cluster at {gateway}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitToGateway_Malformed_IsInvalidInput()
    {
        var run = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", SmallFixture.Catalog, "--store", "/nonexistent/out.zarr", "--gateway", "nonsense");

        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        Assert.Contains("not host:port", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_GatewayListWithAMalformedEntry_IsInvalidInputNamingIt()
    {
        var run = await CliRun.InvokeAsync("status", "x", "--gateway", "127.0.0.1:30000, nonsense");

        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        Assert.Contains("Gateway 'nonsense' is not host:port", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoGatewayListening_NamesEveryGatewayAndTheClusterId()
    {
        var gateways = string.Join(',', Enumerable.Range(0, 2).Select(_ => "127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture)));

        var run = await CliRun.InvokeAsync("status", "some-run", "--gateway", gateways, "--cluster-id", "east", "--connect-timeout", "2");

        Assert.True(run.ExitCode == MaggCli.RunFailed, run.ToString());
        Assert.Contains($"error: cannot reach the cluster at {gateways}: no gateway answered within 2 s for cluster id 'east'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ConnectTimeoutNotPositive_IsInvalidInput()
    {
        var run = await CliRun.InvokeAsync("submit", "--config", "atl06", "--catalog", SmallFixture.Catalog, "--store", "/nonexistent/out.zarr",
            "--gateway", "127.0.0.1:30000", "--connect-timeout", "0");

        Assert.True(run.ExitCode == MaggCli.InvalidInput, run.ToString());
        Assert.Contains("--connect-timeout must be a positive number of seconds", run.Error, StringComparison.Ordinal);
    }
}
