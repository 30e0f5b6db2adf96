using System.Net;

namespace Magg.Orleans.Silo;

/// <summary>
/// A silo's settings, bound once from its flags and environment variables (flags win) by <see cref="SiloCommandLine"/>;
/// <see cref="SiloSettings.All"/> lists each flag with its variable. Nothing here is read from the <c>Orleans</c>
/// configuration section, which belongs to Orleans itself.
/// </summary>
public sealed class SiloHostOptions
{
    /// <summary><c>--clustering</c>: one local silo, or a cluster whose membership is in Redis.</summary>
    public SiloClustering Clustering { get; set; } = SiloClustering.Localhost;

    /// <summary><c>--redis</c>: StackExchange.Redis connection string (<c>HOST:PORT[,options]</c>) for Redis clustering and reminders.</summary>
    public string? Redis { get; set; }

    /// <summary><c>--storage</c>: grain state in memory or in DynamoDB.</summary>
    public SiloStorage Storage { get; set; } = SiloStorage.Memory;

    /// <summary><c>--dynamodb-table</c>: the grain-state table (default <c>{service id}-grain-state</c>); created when missing.</summary>
    public string? DynamoDbTable { get; set; }

    /// <summary><c>--dynamodb-endpoint</c>: a DynamoDB-compatible server (moto, DynamoDB Local); null for AWS.</summary>
    public Uri? DynamoDbEndpoint { get; set; }

    /// <summary><c>--region</c> (<c>AWS_REGION</c>): region of the DynamoDB table and of stores that name none.</summary>
    public string? Region { get; set; }

    /// <summary><c>--silo-port</c>: silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary><c>--gateway-port</c>: client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary><c>--advertise</c>: the address other silos and clients reach this one at (default: the first non-loopback IPv4 address).</summary>
    public IPAddress? Advertise { get; set; }

    /// <summary><c>--cluster-id</c>: the same on every silo and client of one cluster.</summary>
    public string ClusterId { get; set; } = "magg";

    /// <summary><c>--service-id</c>: keeps grain state apart between deployments (it is part of every state item's key).</summary>
    public string ServiceId { get; set; } = "magg";

    /// <summary><c>--http</c>: where this silo also serves the HTTP API (<c>IP:PORT</c>); null: no API.</summary>
    public string? Http { get; set; }

    /// <summary><c>--http-token-file</c>: the file holding the API's bearer token (else <c>MAGG_HTTP_TOKEN</c>).</summary>
    public string? HttpTokenFile { get; set; }

    /// <summary>The HTTP API's resolved settings (token read), set by <see cref="SiloCommandLine"/> when <see cref="Http"/> is given.</summary>
    public Http.HttpApiOptions? HttpApi { get; set; }

    /// <summary>The grain-state table: <see cref="DynamoDbTable"/> or <c>{service id}-grain-state</c>.</summary>
    public string TableName => DynamoDbTable ?? $"{ServiceId}-grain-state";

    /// <summary>Checks the combination of settings.</summary>
    /// <exception cref="SiloHostOptionsException">Two settings contradict each other or one is missing; the message names the flag.</exception>
    public void Validate()
    {
        if (Clustering == SiloClustering.Redis && Redis is null)
        {
            throw new SiloHostOptionsException("--clustering redis needs --redis HOST:PORT (or MAGG_REDIS)");
        }

        if (Clustering == SiloClustering.Localhost && Redis is not null)
        {
            throw new SiloHostOptionsException("--redis is only used with --clustering redis (or MAGG_CLUSTERING=redis)");
        }

        if (Clustering == SiloClustering.Localhost && Advertise is not null)
        {
            throw new SiloHostOptionsException("--advertise is only used with --clustering redis; a localhost silo listens on loopback");
        }

        if (Storage == SiloStorage.Memory && (DynamoDbTable is not null || DynamoDbEndpoint is not null))
        {
            var flag = DynamoDbTable is not null ? "--dynamodb-table" : "--dynamodb-endpoint";
            throw new SiloHostOptionsException($"{flag} is only used with --storage dynamodb (or MAGG_STORAGE=dynamodb)");
        }

        if (HttpTokenFile is not null && Http is null)
        {
            throw new SiloHostOptionsException("--http-token-file is only used with --http IP:PORT (or MAGG_HTTP)");
        }

        if (SiloPort == GatewayPort)
        {
            throw new SiloHostOptionsException($"--silo-port and --gateway-port must differ (both are {SiloPort})");
        }
    }
}
