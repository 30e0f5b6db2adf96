namespace Magg.Orleans.Silo;

/// <summary>Where grain state lives (<c>--storage</c>).</summary>
public enum SiloStorage
{
    /// <summary>In the silo's memory: lost with the silo (<c>memory</c>).</summary>
    Memory,

    /// <summary>One DynamoDB table shared by every silo of the service (<c>dynamodb</c>).</summary>
    DynamoDb,
}
