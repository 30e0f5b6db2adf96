using Amazon.DynamoDBv2;
using Orleans.TestingHost;

namespace Magg.Orleans.Persistence.DynamoDB.Tests;

/// <summary>One in-process silo using the DynamoDB provider for <see cref="NotebookGrain"/>.</summary>
public sealed class SiloPersistenceTests
{
    private const string ServiceId = "notebook-service";
    private const string Table = "silo-grains";

    private static async Task<InProcessTestCluster> StartClusterAsync(MotoDynamoDb dynamo)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        builder.ConfigureSilo((_, silo) => silo.AddDynamoDbGrainStorage("dyn", options =>
        {
            options.TableName = Table;
            dynamo.Configure(options);
        }));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    [Fact]
    public async Task GrainState_SurvivesDeactivationAndSiloRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dynamo = await MotoDynamoDb.StartAsync(ct);

        await using (var cluster = await StartClusterAsync(dynamo))
        {
            var grain = cluster.Client.GetGrain<INotebookGrain>("field-log");
            await grain.AddNoteAsync("alpha");
            await grain.AddNoteAsync("beta");

            await cluster.DeactivateAsync(grain);
            var reactivated = await grain.ReadAsync();

            Assert.Equal(["alpha", "beta"], reactivated.Notes);
            Assert.Equal(2, reactivated.Revision);
        }

        await using (var restarted = await StartClusterAsync(dynamo))
        {
            var grain = restarted.Client.GetGrain<INotebookGrain>("field-log");
            var afterRestart = await grain.ReadAsync();
            Assert.Equal(["alpha", "beta"], afterRestart.Notes);
            Assert.Equal(5, afterRestart.Counters["alpha"]);

            await grain.AddNoteAsync("gamma");
            await restarted.DeactivateAsync(grain);
            Assert.Equal(3, (await grain.ReadAsync()).Revision);

            var items = await dynamo.ScanAsync(Table, ct);
            var item = Assert.Single(items);
            Assert.Equal($"{ServiceId}/s/notebook/field-log", item["GrainReference"].S);
            Assert.Equal("3", item["ETag"].N);
            CredentialScan.AssertNoCredentials(items);

            await grain.ClearAsync();
            await restarted.DeactivateAsync(grain);
            Assert.Empty((await grain.ReadAsync()).Notes);
            Assert.Empty(await dynamo.ScanAsync(Table, ct));
        }
    }

    [Fact]
    public async Task SiloStart_CreatesTheMissingTable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dynamo = await MotoDynamoDb.StartAsync(ct);
        using var client = dynamo.RawClient();
        Assert.DoesNotContain(Table, (await client.ListTablesAsync(ct)).TableNames ?? []);

        await using var cluster = await StartClusterAsync(dynamo);

        Assert.Contains(Table, (await client.ListTablesAsync(ct)).TableNames ?? []);
        var table = (await client.DescribeTableAsync(Table, ct)).Table;
        Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary?.BillingMode);
    }
}
