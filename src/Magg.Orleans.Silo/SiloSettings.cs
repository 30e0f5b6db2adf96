using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Magg.Orleans.Silo;

/// <summary>
/// Every flag of <c>magg-orleans silo</c> and of the silo image, with its environment variable. A new setting is a
/// property of <see cref="SiloHostOptions"/>, a row here and, when it depends on others, a check in <see cref="SiloHostOptions.Validate"/>.
/// </summary>
public static class SiloSettings
{
    /// <summary>The settings in <c>--help</c> order.</summary>
    public static IReadOnlyList<SiloSetting> All { get; } =
    [
        new("--clustering", "MAGG_CLUSTERING", "How silos find each other: localhost (one silo) or redis",
            (o, v) => o.Clustering = Choice(v, SiloClustering.Localhost, SiloClustering.Redis)),
        new("--redis", "MAGG_REDIS", "Redis for membership and reminders: HOST:PORT[,options] (StackExchange.Redis syntax)",
            (o, v) => o.Redis = RedisConnection(v)) { Secret = true },
        new("--storage", "MAGG_STORAGE", "Grain state: memory or dynamodb",
            (o, v) => o.Storage = Choice(v, SiloStorage.Memory, SiloStorage.DynamoDb)),
        new("--dynamodb-table", "MAGG_DYNAMODB_TABLE", "DynamoDB grain-state table, created when missing (default: SERVICE_ID-grain-state)",
            (o, v) => o.DynamoDbTable = TableName(v)),
        new("--dynamodb-endpoint", "MAGG_DYNAMODB_ENDPOINT", "Endpoint of a DynamoDB-compatible server (moto, DynamoDB Local); default: AWS",
            (o, v) => o.DynamoDbEndpoint = HttpUrl(v)),
        new("--region", "AWS_REGION", "AWS region of the DynamoDB table and of S3 stores that name none",
            (o, v) => o.Region = Word(v)),
        new("--silo-port", "MAGG_SILO_PORT", "Silo-to-silo port (default 11111)",
            (o, v) => o.SiloPort = Port(v)),
        new("--gateway-port", "MAGG_GATEWAY_PORT", "Client gateway port (default 30000)",
            (o, v) => o.GatewayPort = Port(v)),
        new("--advertise", "MAGG_ADVERTISE", "IP address other silos and clients reach this silo at (default: first non-loopback IPv4)",
            (o, v) => o.Advertise = Address(v)),
        new("--cluster-id", "MAGG_CLUSTER_ID", "Cluster id, the same on every silo and client (default magg)",
            (o, v) => o.ClusterId = Word(v)),
        new("--service-id", "MAGG_SERVICE_ID", "Service id: keeps grain state apart between deployments (default magg)",
            (o, v) => o.ServiceId = Word(v)),
        new("--http", "MAGG_HTTP", "Also serve the HTTP API at IP:PORT (beyond loopback it needs a token)",
            (o, v) => o.Http = Word(v)),
        new("--http-token-file", "MAGG_HTTP_TOKEN_FILE", "File holding the HTTP API's bearer token (default: MAGG_HTTP_TOKEN)",
            (o, v) => o.HttpTokenFile = v),
        new("--allow-granules", "MAGG_ALLOW_GRANULES", "Granule sources runs may read besides NSIDC's: s3://bucket/prefix/, https://host/prefix/ or a local folder",
            (o, v) => o.AllowGranules.AddRange(Entries(v, stores: false))) { Repeatable = true },
        new("--allow-stores", "MAGG_ALLOW_STORES", "S3 prefixes runs may write their stores under: s3://bucket/prefix/ (none by default)",
            (o, v) => o.AllowStores.AddRange(Entries(v, stores: true))) { Repeatable = true },
        new("--tls-cert", "MAGG_TLS_CERT", "This silo's TLS certificate (PEM); with --tls-key and --client-ca, clients and silos must present certificates",
            (o, v) => o.TlsCertificate = v),
        new("--tls-key", "MAGG_TLS_KEY", "The private key of --tls-cert (PEM)",
            (o, v) => o.TlsKey = v),
        new("--client-ca", "MAGG_TLS_CLIENT_CA", "The certificate authority that signs every client and silo certificate of the cluster (PEM)",
            (o, v) => o.ClientCa = v),
        new("--allow-loopback-for-tests", "MAGG_ALLOW_LOOPBACK_FOR_TESTS", "TESTS ONLY: let granule URLs that name a loopback address literally through",
            (o, v) => o.AllowLoopbackForTests = bool.TryParse(v, out var on) ? on : throw new FormatException("not true or false")) { Switch = true },
    ];

    private static IEnumerable<string> Entries(string value, bool stores)
    {
        foreach (var entry in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parsed = Core.Security.AllowedPrefix.Parse(entry);
            if (stores && parsed.Scheme != "s3")
            {
                throw new FormatException($"'{entry}' is not an s3://bucket/prefix/ (a cluster writes its stores to S3; local folders are for the embedded silo of submit and demo)");
            }

            yield return entry;
        }
    }

    private static T Choice<T>(string value, params T[] choices)
        where T : struct, Enum
    {
        foreach (var choice in choices)
        {
            if (string.Equals(choice.ToString(), value, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        throw new FormatException($"not one of: {string.Join(", ", choices.Select(c => c.ToString().ToLowerInvariant()))}");
    }

    private static string RedisConnection(string value)
    {
        StackExchange.Redis.ConfigurationOptions options;
        try
        {
            options = StackExchange.Redis.ConfigurationOptions.Parse(value);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new FormatException($"not HOST:PORT[,options] ({e.Message})", e);
        }

        return options.EndPoints.Count > 0 ? value : throw new FormatException("names no HOST:PORT");
    }

    private static string TableName(string value) =>
        value.Length is >= 3 and <= 255 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')
            ? value
            : throw new FormatException("not a DynamoDB table name (3-255 of a-z, A-Z, 0-9, _ - .)");

    private static Uri HttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new FormatException("not an http(s) URL such as http://127.0.0.1:5000");

    private static int Port(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new FormatException("not a port number (1-65535)");

    private static IPAddress Address(string value) =>
        IPAddress.TryParse(value, out var address) && address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6
            ? address
            : throw new FormatException("not an IP address such as 10.0.1.5");

    private static string Word(string value) =>
        value.Length > 0 && !value.Any(char.IsWhiteSpace) ? value : throw new FormatException("not a single word");
}
