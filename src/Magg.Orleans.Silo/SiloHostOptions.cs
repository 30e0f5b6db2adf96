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

    /// <summary><c>--allow-granules</c>: granule sources runs may read besides NSIDC's (<c>s3://bucket/prefix/</c>, <c>https://host/prefix/</c>, a local folder).</summary>
    public List<string> AllowGranules { get; } = [];

    /// <summary><c>--allow-stores</c>: S3 prefixes runs may write stores under (<c>s3://bucket/prefix/</c>).</summary>
    public List<string> AllowStores { get; } = [];

    /// <summary><c>--tls-cert</c>: this silo's certificate (PEM); with <see cref="TlsKey"/> and <see cref="ClientCa"/> it turns on mutual TLS.</summary>
    public string? TlsCertificate { get; set; }

    /// <summary><c>--tls-key</c>: the private key of <see cref="TlsCertificate"/> (PEM).</summary>
    public string? TlsKey { get; set; }

    /// <summary><c>--client-ca</c>: the authority that signs every client and silo certificate of the cluster (PEM).</summary>
    public string? ClientCa { get; set; }

    /// <summary><c>--allow-loopback-for-tests</c>: tests only; granule URLs naming a loopback address literally are let through.</summary>
    public bool AllowLoopbackForTests { get; set; }

    /// <summary>The TLS files when mutual TLS is configured.</summary>
    public Grains.Hosting.MaggTlsFiles? Tls => TlsCertificate is { } certificate && TlsKey is { } key && ClientCa is { } authority
        ? new Grains.Hosting.MaggTlsFiles(certificate, key, authority)
        : null;

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

        if ((TlsCertificate, TlsKey, ClientCa) is not (null, null, null) && Tls is null)
        {
            throw new SiloHostOptionsException("--tls-cert, --tls-key and --client-ca go together (or MAGG_TLS_CERT, MAGG_TLS_KEY, MAGG_TLS_CLIENT_CA)");
        }

        if (Tls is { } tls)
        {
            try
            {
                Grains.Hosting.MaggTls.Load(tls);
            }
            catch (Grains.Hosting.MaggTlsException e)
            {
                throw new SiloHostOptionsException($"--tls-cert: {e.Message}", e);
            }
        }

        if (SiloPort == GatewayPort)
        {
            throw new SiloHostOptionsException($"--silo-port and --gateway-port must differ (both are {SiloPort})");
        }
    }
}
