using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Magg.Orleans.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace Magg.Orleans.Persistence.DynamoDB.Tests;

/// <summary>Grain storage providers and a raw DynamoDB client pointed at one moto_server on loopback.</summary>
internal sealed class MotoDynamoDb(MotoServer moto) : IAsyncDisposable
{
    private readonly ServiceProvider _serializerServices = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly List<DynamoDbGrainStorage> _storages = [];

    public MotoServer Server => moto;

    public static async Task<MotoDynamoDb> StartAsync(CancellationToken cancellationToken) =>
        new(await MotoServer.StartAsync(cancellationToken));

    public void Configure(DynamoDbGrainStorageOptions options)
    {
        options.ServiceUrl = moto.Endpoint;
        options.Region = MotoServer.Region;
        options.Credentials = new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey);
    }

    public DynamoDbGrainStorage Storage(string tableName, bool createTable = true, string serviceId = "svc-a")
    {
        var options = new DynamoDbGrainStorageOptions { TableName = tableName, CreateTableIfNotExists = createTable };
        Configure(options);
        var storage = new DynamoDbGrainStorage(
            "dyn",
            options,
            new OrleansGrainStorageSerializer(_serializerServices.GetRequiredService<Serializer>()),
            Options.Create(new ClusterOptions { ServiceId = serviceId }),
            NullLogger<DynamoDbGrainStorage>.Instance);
        _storages.Add(storage);
        return storage;
    }

    public async Task<DynamoDbGrainStorage> ReadyStorageAsync(string tableName, CancellationToken cancellationToken)
    {
        var storage = Storage(tableName);
        await storage.EnsureTableAsync(cancellationToken);
        return storage;
    }

    public AmazonDynamoDBClient RawClient() => new(
        new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
        new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = MotoServer.Region });

    /// <summary>Every item of the table, all pages.</summary>
    public async Task<List<Dictionary<string, AttributeValue>>> ScanAsync(string tableName, CancellationToken cancellationToken)
    {
        using var client = RawClient();
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest { TableName = tableName, ExclusiveStartKey = start }, cancellationToken);
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return items;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var storage in _storages)
        {
            storage.Dispose();
        }

        await _serializerServices.DisposeAsync();
        await moto.DisposeAsync();
    }
}
