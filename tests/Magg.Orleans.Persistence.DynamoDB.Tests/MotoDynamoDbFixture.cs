using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Persistence.DynamoDB.Tests;

/// <summary>
/// One moto_server shared by the tests of a class; each test takes its own table. Without moto_server the fixture starts
/// nothing and each test that asks for the server is skipped (loudly), instead of the whole class failing to start.
/// </summary>
public sealed class MotoDynamoDbFixture : IAsyncLifetime
{
    private MotoDynamoDb? _dynamo;

    internal MotoDynamoDb Dynamo
    {
        get
        {
            if (_dynamo is null)
            {
                ExternalTool.Require("moto_server", "pip install \"moto[server]\"");
                throw new InvalidOperationException("The fixture is not initialized.");
            }

            return _dynamo;
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (ExternalTool.Find("moto_server") is not null)
        {
            _dynamo = await MotoDynamoDb.StartAsync(TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_dynamo is not null)
        {
            await _dynamo.DisposeAsync();
        }
    }
}
