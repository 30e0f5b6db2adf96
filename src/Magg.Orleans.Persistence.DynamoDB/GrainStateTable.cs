using System.Diagnostics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Magg.Orleans.Persistence.DynamoDB;

/// <summary>Checks that the grain state table exists with the expected key, creating it on demand when allowed.</summary>
internal sealed class GrainStateTable(IAmazonDynamoDB client, string tableName)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ActivationTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Returns true when the table had to be created.</summary>
    public async Task<bool> EnsureExistsAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        var description = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        var created = false;
        if (description is null)
        {
            if (!createIfMissing)
            {
                throw new InvalidOperationException(
                    $"DynamoDB table '{tableName}' does not exist and CreateTableIfNotExists is false; create it with string hash key '{GrainStateItem.Key}'.");
            }

            created = await CreateAsync(cancellationToken).ConfigureAwait(false);
            description = await WaitUntilActiveAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (description.TableStatus != TableStatus.ACTIVE)
        {
            description = await WaitUntilActiveAsync(cancellationToken).ConfigureAwait(false);
        }

        CheckKeySchema(description);
        return created;
    }

    private async Task<TableDescription?> DescribeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken)
                .ConfigureAwait(false);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private async Task<bool> CreateAsync(CancellationToken cancellationToken)
    {
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition(GrainStateItem.Key, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(GrainStateItem.Key, KeyType.HASH)],
        };
        try
        {
            await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ResourceInUseException)
        {
            // Another silo created it first.
            return false;
        }
    }

    private async Task<TableDescription> WaitUntilActiveAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var description = await DescribeAsync(cancellationToken).ConfigureAwait(false);
            if (description?.TableStatus == TableStatus.ACTIVE)
            {
                return description;
            }

            if (Stopwatch.GetElapsedTime(started) > ActivationTimeout)
            {
                throw new TimeoutException(
                    $"DynamoDB table '{tableName}' did not become ACTIVE within {ActivationTimeout.TotalMinutes} minutes (status: {description?.TableStatus?.Value ?? "missing"}).");
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private void CheckKeySchema(TableDescription description)
    {
        var keys = description.KeySchema ?? [];
        var hash = keys.FirstOrDefault(k => k.KeyType == KeyType.HASH);
        if (keys.Count != 1 || hash?.AttributeName != GrainStateItem.Key)
        {
            var found = string.Join(", ", keys.Select(k => $"{k.AttributeName} ({k.KeyType?.Value})"));
            throw new InvalidOperationException(
                $"DynamoDB table '{tableName}' has key schema [{found}]; grain storage needs a single string hash key '{GrainStateItem.Key}'.");
        }
    }
}
