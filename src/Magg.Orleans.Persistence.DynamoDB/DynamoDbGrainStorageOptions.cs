using Amazon.Runtime;
using Orleans.Storage;

namespace Magg.Orleans.Persistence.DynamoDB;

/// <summary>
/// Settings of one named DynamoDB grain storage provider. Credentials come from the standard AWS chain (environment,
/// profile, container or instance role); no key is ever read from these options except <see cref="Credentials"/>.
/// </summary>
public sealed class DynamoDbGrainStorageOptions
{
    /// <summary>The table name used when none is configured.</summary>
    public const string DefaultTableName = "OrleansGrainState";

    /// <summary>The table holding one item per grain state.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>
    /// Endpoint override for DynamoDB-compatible servers (moto, dynalite, DynamoDB Local), e.g. <c>http://127.0.0.1:5000</c>.
    /// Leave null to use the regional AWS endpoint.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>AWS region, e.g. <c>us-west-2</c>. Leave null to take it from the standard AWS region chain.</summary>
    public string? Region { get; set; }

    /// <summary>Creates the table (on-demand billing, PAY_PER_REQUEST) at silo start when it does not exist.</summary>
    public bool CreateTableIfNotExists { get; set; } = true;

    /// <summary>Serializer for state payloads; null means the silo's <see cref="IGrainStorageSerializer"/>.</summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }

    /// <summary>
    /// Explicit credentials, for tests and local servers only. Production leaves this null so that the standard AWS
    /// credential chain applies. Never logged and never written to the table.
    /// </summary>
    public AWSCredentials? Credentials { get; set; }
}
