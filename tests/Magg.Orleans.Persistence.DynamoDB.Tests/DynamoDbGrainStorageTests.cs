using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Orleans.Storage;

namespace Magg.Orleans.Persistence.DynamoDB.Tests;

public sealed class DynamoDbGrainStorageTests(MotoDynamoDbFixture fixture) : IClassFixture<MotoDynamoDbFixture>
{
    // Read in each test, so that a missing moto_server skips the test (loudly) rather than failing its construction.
    private MotoDynamoDb Dynamo => fixture.Dynamo;

    /// <summary>A table no other test of the shared server uses.</summary>
    private readonly string _table = $"grains-{Guid.NewGuid():N}";

    private static readonly GrainId Grain = GrainId.Create("notebook", "n-1");

    private static NotebookState SampleState() => new()
    {
        Title = "ATL06 granule log",
        Revision = 7,
        Score = 0.125,
        UpdatedAt = new DateTimeOffset(2024, 5, 17, 8, 30, 0, TimeSpan.Zero),
        Notes = ["first", "second", "ünïcode"],
        Counters = new() { ["cells"] = 12_345_678_901, ["granules"] = 3 },
        Blob = [0, 1, 2, 253, 254, 255],
    };

    [Fact]
    public async Task WriteThenRead_RoundTripsEveryField()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await Dynamo.ReadyStorageAsync(_table, ct);

        var written = new NotebookGrainState(SampleState());
        await storage.WriteStateAsync("notebook", Grain, written);
        Assert.Equal("1", written.ETag);
        Assert.True(written.RecordExists);

        var read = new NotebookGrainState();
        await storage.ReadStateAsync("notebook", Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        var expected = SampleState();
        Assert.Equal(expected.Title, read.State.Title);
        Assert.Equal(expected.Revision, read.State.Revision);
        Assert.Equal(expected.Score, read.State.Score);
        Assert.Equal(expected.UpdatedAt, read.State.UpdatedAt);
        Assert.Equal(expected.Notes, read.State.Notes);
        Assert.Equal(expected.Counters, read.State.Counters);
        Assert.Equal(expected.Blob, read.State.Blob);

        read.State.Revision++;
        await storage.WriteStateAsync("notebook", Grain, read);
        Assert.Equal("2", read.ETag);
    }

    [Fact]
    public async Task Read_OfMissingState_GivesNoRecordAndNoETag()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await Dynamo.ReadyStorageAsync(_table, ct);

        var state = new NotebookGrainState();
        await storage.ReadStateAsync("notebook", Grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal("", state.State.Title);
    }

    [Fact]
    public async Task Items_AreKeyedByServiceStateNameAndGrain_AndHoldNoCredentials()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await Dynamo.ReadyStorageAsync(_table, ct);
        await storage.WriteStateAsync("notebook", Grain, new NotebookGrainState(SampleState()));
        await storage.WriteStateAsync("other", Grain, new NotebookGrainState(SampleState()));

        var items = await Dynamo.ScanAsync(_table, ct);

        Assert.Equal(
            ["svc-a/notebook/notebook/n-1", "svc-a/other/notebook/n-1"],
            items.Select(i => i["GrainReference"].S).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal(["ETag", "GrainReference", "State"], i.Keys.Order(StringComparer.Ordinal)));
        CredentialScan.AssertNoCredentials(items);
    }

    [Fact]
    public async Task ServiceIds_DoNotSeeEachOthersState()
    {
        var ct = TestContext.Current.CancellationToken;
        var serviceA = await Dynamo.ReadyStorageAsync(_table, ct);
        var serviceB = Dynamo.Storage(_table, serviceId: "svc-b");
        await serviceA.WriteStateAsync("notebook", Grain, new NotebookGrainState(SampleState()));

        var seenByB = new NotebookGrainState();
        await serviceB.ReadStateAsync("notebook", Grain, seenByB);

        Assert.False(seenByB.RecordExists);
    }

    [Fact]
    public async Task Write_WithStaleETag_ThrowsInconsistentState()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await Dynamo.ReadyStorageAsync(_table, ct);
        var first = new NotebookGrainState(SampleState());
        await storage.WriteStateAsync("notebook", Grain, first);
        var second = new NotebookGrainState();
        await storage.ReadStateAsync("notebook", Grain, second);

        first.State.Revision = 8;
        await storage.WriteStateAsync("notebook", Grain, first);
        second.State.Revision = 100;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("notebook", Grain, second));

        Assert.Equal("1", second.ETag);
        Assert.Contains("notebook/n-1", conflict.Message, StringComparison.Ordinal);
        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        var stored = new NotebookGrainState();
        await storage.ReadStateAsync("notebook", Grain, stored);
        Assert.Equal(8, stored.State.Revision);
    }

    [Fact]
    public async Task Write_WithoutETag_OverExistingItem_ThrowsInconsistentState()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await Dynamo.ReadyStorageAsync(_table, ct);
        await storage.WriteStateAsync("notebook", Grain, new NotebookGrainState(SampleState()));

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync("notebook", Grain, new NotebookGrainState(SampleState())));
    }

    [Fact]
    public async Task Write_WithForeignETag_ThrowsInconsistentState()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await Dynamo.ReadyStorageAsync(_table, ct);
        var state = new NotebookGrainState(SampleState(), "W/\"0x8D\"");

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("notebook", Grain, state));
    }

    [Fact]
    public async Task ClearThenRead_GivesFreshState_AndAllowsANewFirstWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await Dynamo.ReadyStorageAsync(_table, ct);
        var state = new NotebookGrainState(SampleState());
        await storage.WriteStateAsync("notebook", Grain, state);

        await storage.ClearStateAsync("notebook", Grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Revision);
        var read = new NotebookGrainState();
        await storage.ReadStateAsync("notebook", Grain, read);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal("", read.State.Title);
        Assert.Empty(read.State.Notes);
        Assert.Empty(await Dynamo.ScanAsync(_table, ct));

        read.State.Title = "again";
        await storage.WriteStateAsync("notebook", Grain, read);
        Assert.Equal("1", read.ETag);
    }

    [Fact]
    public async Task Clear_WithStaleETag_ThrowsInconsistentState_AndKeepsTheItem()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await Dynamo.ReadyStorageAsync(_table, ct);
        var current = new NotebookGrainState(SampleState());
        await storage.WriteStateAsync("notebook", Grain, current);
        var stale = new NotebookGrainState(SampleState(), current.ETag);
        await storage.WriteStateAsync("notebook", Grain, current);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("notebook", Grain, stale));

        Assert.Single(await Dynamo.ScanAsync(_table, ct));
    }

    [Fact]
    public async Task Write_OfStateOverTheItemLimit_IsRefusedWithGrainAndSize()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await Dynamo.ReadyStorageAsync(_table, ct);
        var big = SampleState();
        big.Blob = new byte[420_000];

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => storage.WriteStateAsync("notebook", Grain, new NotebookGrainState(big)));

        Assert.Contains("notebook/n-1", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'notebook'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("400 KB", refused.Message, StringComparison.Ordinal);
        Assert.Matches(@"serializes to 420\d{3} bytes", refused.Message);
        Assert.Empty(await Dynamo.ScanAsync(_table, ct));
    }

    [Fact]
    public async Task Write_OfStateJustUnderTheItemLimit_IsStored()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = await Dynamo.ReadyStorageAsync(_table, ct);
        var large = SampleState();
        large.Blob = Enumerable.Range(0, 400_000).Select(i => (byte)i).ToArray();

        await storage.WriteStateAsync("notebook", Grain, new NotebookGrainState(large));

        var read = new NotebookGrainState();
        await storage.ReadStateAsync("notebook", Grain, read);
        Assert.Equal(large.Blob, read.State.Blob);
    }

    [Fact]
    public async Task EnsureTable_CreatesAMissingTable_OnDemandWithTheGrainKey()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = Dynamo.Storage(_table);

        await storage.EnsureTableAsync(ct);
        await storage.EnsureTableAsync(ct);

        using var client = Dynamo.RawClient();
        var table = (await client.DescribeTableAsync(_table, ct)).Table;
        Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
        Assert.Equal(BillingMode.PAY_PER_REQUEST, table.BillingModeSummary?.BillingMode);
        var key = Assert.Single(table.KeySchema);
        Assert.Equal("GrainReference", key.AttributeName);
        Assert.Equal(KeyType.HASH, key.KeyType);
        Assert.Equal(ScalarAttributeType.S, Assert.Single(table.AttributeDefinitions).AttributeType);
    }

    [Fact]
    public async Task EnsureTable_WithCreationDisabled_NamesTheMissingTable()
    {
        var ct = TestContext.Current.CancellationToken;
        var storage = Dynamo.Storage(_table, createTable: false);

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.EnsureTableAsync(ct));

        Assert.Contains($"'{_table}'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureTable_WithAForeignKeySchema_Fails()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = Dynamo.RawClient();
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = _table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH)],
        }, ct);

        var wrong = await Assert.ThrowsAsync<InvalidOperationException>(() => Dynamo.Storage(_table).EnsureTableAsync(ct));

        Assert.Contains("GrainReference", wrong.Message, StringComparison.Ordinal);
    }
}
