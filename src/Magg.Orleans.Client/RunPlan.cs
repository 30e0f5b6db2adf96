using Magg.Orleans.Core.Config;

namespace Magg.Orleans.Client;

/// <summary>A validated request turned into what the cluster needs: the run header and its batches.</summary>
/// <param name="Config">The loaded config.</param>
/// <param name="Header">The run header.</param>
/// <param name="Batches">Contiguous catalog ranges, each with its selected cells.</param>
/// <param name="Preview">What a dry run reports.</param>
public sealed record RunPlan(PipelineConfig Config, RunHeader Header, IReadOnlyList<BatchPlan> Batches, DryRunResult Preview)
{
    /// <summary>The user's own Earthdata token for the run (never part of the header, batches or any grain state).</summary>
    public SecretText? EarthdataToken { get; init; }

    /// <summary>What the run reads and writes, for the embedded silo to allow.</summary>
    public RunAccess Access { get; init; } = RunAccess.None;

    /// <summary>The context every cell of the run shares.</summary>
    public RunContext Context =>
        new(Header.RunId, Header.ConfigYaml, Header.Store, Header.Driver, Header.ParentOrder, Header.TotalCatalogCells, CatalogDigest: Header.CatalogDigest,
            Backend: Header.Backend, Lambda: Header.Lambda, ClientCredentials: Header.ClientCredentials);
}
