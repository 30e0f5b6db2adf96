using System.Globalization;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace Magg.Orleans.Persistence.DynamoDB;

/// <summary>
/// Orleans grain storage on Amazon DynamoDB. Each grain state is one item keyed by
/// "{serviceId}/{stateName}/{grainId}" holding the serialized state and a version number used as ETag; writes and
/// clears are conditional on that version, so a stale writer gets <see cref="InconsistentStateException"/>.
/// </summary>
public sealed partial class DynamoDbGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly string _name;
    private readonly string _serviceId;
    private readonly DynamoDbGrainStorageOptions _options;
    private readonly IGrainStorageSerializer _serializer;
    private readonly ILogger _logger;
    private readonly AmazonDynamoDBClient _client;
    private readonly string _endpoint;

    /// <summary>Creates the provider and its DynamoDB client; the table is checked when the silo starts.</summary>
    public DynamoDbGrainStorage(
        string name,
        DynamoDbGrainStorageOptions options,
        IGrainStorageSerializer serializer,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<DynamoDbGrainStorage> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrEmpty(options.TableName);

        _name = name;
        _options = options;
        _serializer = serializer;
        _logger = logger;
        _serviceId = clusterOptions.Value.ServiceId;
        _client = CreateClient(options);
        _endpoint = DescribeEndpoint(options.ServiceUrl);
    }

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(
            $"{nameof(DynamoDbGrainStorage)}-{_name}",
            ServiceLifecycleStage.ApplicationServices,
            EnsureTableAsync);
    }

    /// <summary>Checks the table (creating it when <see cref="DynamoDbGrainStorageOptions.CreateTableIfNotExists"/>).</summary>
    internal async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        var table = new GrainStateTable(_client, _options.TableName);
        var created = await table.EnsureExistsAsync(_options.CreateTableIfNotExists, cancellationToken).ConfigureAwait(false);
        LogTableReady(_name, _options.TableName, created, _endpoint);
    }

    /// <inheritdoc />
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = GrainStateItem.KeyOf(_serviceId, stateName, grainId.ToString());
        var response = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _options.TableName,
            Key = KeyAttributes(key),
            ConsistentRead = true,
        }).ConfigureAwait(false);

        var item = response.Item;
        if (item is null || item.Count == 0)
        {
            grainState.State = FreshState(grainState.State);
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var payload = item.TryGetValue(GrainStateItem.State, out var state) && state.B is not null
            ? new BinaryData(state.B.ToArray())
            : throw new InvalidOperationException($"Item '{key}' in DynamoDB table '{_options.TableName}' has no binary '{GrainStateItem.State}' attribute.");
        grainState.State = _serializer.Deserialize<T>(payload);
        grainState.ETag = item.TryGetValue(GrainStateItem.ETag, out var etag) ? etag.N : null;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = GrainStateItem.KeyOf(_serviceId, stateName, grainId.ToString());
        var expected = ParseVersion(grainState.ETag, stateName, grainId);
        var next = (expected + 1).ToString(CultureInfo.InvariantCulture);
        var payload = _serializer.Serialize(grainState.State).ToArray();

        var size = GrainStateItem.SizeOf(key, payload.LongLength, next);
        if (size > GrainStateItem.MaxItemBytes)
        {
            throw new InvalidOperationException(
                $"Grain state '{stateName}' of grain {grainId} serializes to {payload.LongLength} bytes ({size} bytes as a DynamoDB item), " +
                $"over DynamoDB's item limit of {GrainStateItem.MaxItemBytes} bytes (400 KB); storage provider '{_name}' refuses to write it.");
        }

        var request = new PutItemRequest
        {
            TableName = _options.TableName,
            Item = new Dictionary<string, AttributeValue>
            {
                [GrainStateItem.Key] = new() { S = key },
                [GrainStateItem.State] = new() { B = new MemoryStream(payload, writable: false) },
                [GrainStateItem.ETag] = new() { N = next },
            },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        ApplyVersionCondition(request, expected);

        try
        {
            await _client.PutItemAsync(request).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException exception)
        {
            throw Conflict("write", stateName, grainId, grainState.ETag, exception);
        }

        grainState.ETag = next;
        grainState.RecordExists = true;
    }

    /// <inheritdoc />
    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var key = GrainStateItem.KeyOf(_serviceId, stateName, grainId.ToString());
        var expected = ParseVersion(grainState.ETag, stateName, grainId);
        var request = new DeleteItemRequest
        {
            TableName = _options.TableName,
            Key = KeyAttributes(key),
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        ApplyVersionCondition(request, expected);

        try
        {
            await _client.DeleteItemAsync(request).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException exception)
        {
            throw Conflict("clear", stateName, grainId, grainState.ETag, exception);
        }

        grainState.State = FreshState(grainState.State);
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    /// <summary>Disposes the DynamoDB client.</summary>
    public void Dispose() => _client.Dispose();

    private static AmazonDynamoDBClient CreateClient(DynamoDbGrainStorageOptions options)
    {
        var config = new AmazonDynamoDBConfig();
        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            if (!string.IsNullOrEmpty(options.Region))
            {
                config.AuthenticationRegion = options.Region;
            }
        }
        else if (!string.IsNullOrEmpty(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        return options.Credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(options.Credentials, config);
    }

    /// <summary>Scheme, host and port only, so that user information in an endpoint URL never reaches a log.</summary>
    private static string DescribeEndpoint(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Host}:{uri.Port}" : "the AWS regional endpoint";

    private static Dictionary<string, AttributeValue> KeyAttributes(string key) =>
        new() { [GrainStateItem.Key] = new AttributeValue { S = key } };

    /// <summary>The version the caller last saw: 0 when it never saw the item (no ETag).</summary>
    private static long ParseVersion(string? etag, string stateName, GrainId grainId)
    {
        if (etag is null)
        {
            return 0;
        }

        return long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw new InconsistentStateException(
                $"ETag '{etag}' of grain state '{stateName}' of grain {grainId} was not issued by DynamoDB grain storage.", "unknown", etag);
    }

    private static void ApplyVersionCondition(PutItemRequest request, long expected)
    {
        (request.ConditionExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues) = VersionCondition(expected);
    }

    private static void ApplyVersionCondition(DeleteItemRequest request, long expected)
    {
        (request.ConditionExpression, request.ExpressionAttributeNames, request.ExpressionAttributeValues) = VersionCondition(expected);
    }

    private static (string, Dictionary<string, string>, Dictionary<string, AttributeValue>?) VersionCondition(long expected) =>
        expected == 0
            ? ("attribute_not_exists(#key)", new() { ["#key"] = GrainStateItem.Key }, null)
            : ("#etag = :etag", new() { ["#etag"] = GrainStateItem.ETag },
                new() { [":etag"] = new AttributeValue { N = expected.ToString(CultureInfo.InvariantCulture) } });

    private InconsistentStateException Conflict(
        string operation, string stateName, GrainId grainId, string? currentEtag, ConditionalCheckFailedException exception)
    {
        var stored = exception.Item is { Count: > 0 } old && old.TryGetValue(GrainStateItem.ETag, out var etag) ? etag.N : null;
        var message =
            $"DynamoDB grain storage '{_name}' could not {operation} state '{stateName}' of grain {grainId}: " +
            $"the stored ETag is {stored ?? "absent or unknown"} but the grain holds {currentEtag ?? "none"}; another writer changed it.";
        LogConflict(_name, operation, stateName, grainId);
        return new InconsistentStateException(message, stored ?? "unknown", currentEtag ?? "none", exception);
    }

    private static T FreshState<T>(T current) =>
        typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance<T>() : current;

    [LoggerMessage(Level = LogLevel.Information, Message = "DynamoDB grain storage '{Provider}' uses table '{Table}' (created: {Created}) at {Endpoint}")]
    private partial void LogTableReady(string provider, string table, bool created, string endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "DynamoDB grain storage '{Provider}': {Operation} of state '{StateName}' of grain {GrainId} lost an ETag race")]
    private partial void LogConflict(string provider, string operation, string stateName, GrainId grainId);
}
