namespace Magg.Orleans.Cli.Tests;

/// <summary>Tests that start an embedded silo run one at a time (this keeps a small machine's CPU free).</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedSiloGroup
{
    public const string Name = "embedded silo";
}
