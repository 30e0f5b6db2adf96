using System.Globalization;
using System.Text.Json.Nodes;
using Magg.Orleans.Client;
using Magg.Orleans.Core.Spatial;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Magg.Orleans.Cli.Tests;

/// <summary><c>status RUN_ID --summary</c> against a live silo's gateway: the totals, then the failed cells as the result pages stream in.</summary>
[Collection(EmbeddedSiloGroup.Name)]
public sealed class StatusSummaryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task StatusSummary_RunOfSeveralPages_PrintsTotalsAndTheFailedCellsOfEveryPage()
    {
        // Arrange: 600 cells without granules and, on the last page, 3 cells whose only granule is missing.
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(_folder.Path);
        var cells = new JsonObject();
        for (var i = 0; i < 603; i++)
        {
            cells[Morton.FromNested(i, 6).ToString(CultureInfo.InvariantCulture)] = i < 600 ? new JsonArray() : new JsonArray($"missing-{i}.h5");
        }

        var catalog = _folder.Combine("catalog.json");
        await File.WriteAllTextAsync(catalog, new JsonObject { ["metadata"] = new JsonObject { ["parent_order"] = 6 }, ["catalog"] = cells }.ToJsonString(), ct);
        await using var cluster = await MaggCluster.StartEmbeddedAsync(silo => silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("magg", "magg")),
            cancellationToken: ct);
        var result = Assert.IsType<RunResult>(await cluster.Client.AggAsync(
            new AggRequest { Config = "atl06", Catalog = catalog, Store = _folder.Combine("out.zarr"), MaxWorkers = 32 }, cancellationToken: ct));
        var gateway = "127.0.0.1:" + cluster.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayPort.ToString(CultureInfo.InvariantCulture);

        // Act
        var status = await CliRun.InvokeAsync("status", result.Summary.RunId, "--gateway", gateway, "--summary");

        // Assert
        Assert.True(status.ExitCode == MaggCli.RunFailed, status.ToString());
        Assert.Equal((3, "CompletedWithErrors", "603", "3", "0"),
            (result.Summary.ResultPages, status.Field("status"), status.Field("total_cells"), status.Field("cells_error"), status.Field("cells_up_to_date")));
        var failed = status.OutputLines.Where(l => l.StartsWith("cell ", StringComparison.Ordinal)).ToArray();
        Assert.Equal([.. Enumerable.Range(600, 3).Select(i => Morton.FromNested(i, 6).ToString(CultureInfo.InvariantCulture))],
            failed.Select(l => l["cell ".Length..l.IndexOf(':', StringComparison.Ordinal)]));
    }

    public void Dispose() => _folder.Dispose();
}
