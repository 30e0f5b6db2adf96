namespace Magg.Orleans.Silo;

/// <summary>How silos find each other (<c>--clustering</c>).</summary>
public enum SiloClustering
{
    /// <summary>One silo on this machine, membership in memory (<c>localhost</c>).</summary>
    Localhost,

    /// <summary>Membership and reminders in Redis, e.g. ElastiCache on ECS (<c>redis</c>).</summary>
    Redis,
}
