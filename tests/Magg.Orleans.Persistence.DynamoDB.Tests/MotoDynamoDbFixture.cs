namespace Magg.Orleans.Persistence.DynamoDB.Tests;

/// <summary>One moto_server shared by the tests of a class; each test takes its own table.</summary>
public sealed class MotoDynamoDbFixture : IAsyncLifetime
{
    private MotoDynamoDb? _dynamo;

    internal MotoDynamoDb Dynamo => _dynamo ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async ValueTask InitializeAsync() => _dynamo = await MotoDynamoDb.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_dynamo is not null)
        {
            await _dynamo.DisposeAsync();
        }
    }
}
