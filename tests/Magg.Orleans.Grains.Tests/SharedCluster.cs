namespace Magg.Orleans.Grains.Tests;

/// <summary>Tests sharing one two-silo cluster.</summary>
[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
