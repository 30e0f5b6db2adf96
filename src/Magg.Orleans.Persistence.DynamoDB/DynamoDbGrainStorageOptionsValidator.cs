namespace Magg.Orleans.Persistence.DynamoDB;

/// <summary>Rejects unusable settings of a named DynamoDB grain storage provider at silo start.</summary>
internal sealed class DynamoDbGrainStorageOptionsValidator(DynamoDbGrainStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.TableName))
        {
            throw new OrleansConfigurationException($"DynamoDB grain storage '{name}': TableName is required.");
        }

        if (!string.IsNullOrEmpty(options.ServiceUrl) && !Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out _))
        {
            throw new OrleansConfigurationException($"DynamoDB grain storage '{name}': ServiceUrl '{options.ServiceUrl}' is not an absolute URL.");
        }
    }
}
