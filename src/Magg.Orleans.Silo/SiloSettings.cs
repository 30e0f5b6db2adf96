namespace Magg.Orleans.Silo;

/// <summary>The host's choices (configuration sections <c>Orleans</c> and <c>Magg</c>; environment variables such as <c>Orleans__Clustering</c>).</summary>
public sealed class SiloSettings
{
    /// <summary>Cluster id shared by every silo and client of a deployment.</summary>
    public string ClusterId { get; set; } = "magg";

    /// <summary>Service id: keeps grain state apart between deployments.</summary>
    public string ServiceId { get; set; } = "magg";

    /// <summary><c>Localhost</c> (one machine) or <c>Redis</c> (a cluster, e.g. on ECS with ElastiCache).</summary>
    public string Clustering { get; set; } = "Localhost";

    /// <summary>Redis connection string for <c>Redis</c> clustering and reminders.</summary>
    public string? Redis { get; set; }

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (default: the first non-loopback IPv4 address).</summary>
    public string? AdvertisedAddress { get; set; }
}
