namespace Magg.Orleans.Grains.Tests;

/// <summary>Tests sharing one two-silo cluster (they run one at a time) and one synthetic data set.</summary>
[CollectionDefinition(Name)]
public sealed class SharedCluster : ICollectionFixture<ClusterFixture>, ICollectionFixture<DemoDataFixture>
{
    public const string Name = "cluster";
}
