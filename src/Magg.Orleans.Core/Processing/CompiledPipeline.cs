using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Granules;

namespace Magg.Orleans.Core.Processing;

/// <summary>A config prepared once for many cells: its granule reader and its aggregator.</summary>
public sealed class CompiledPipeline(PipelineConfig config)
{
    /// <summary>The config.</summary>
    public PipelineConfig Config { get; } = config;

    /// <summary>Reads a cell's rows from a granule.</summary>
    public Hdf5GranuleReader Reader { get; } = new(config.DataSource);

    /// <summary>Computes the child table.</summary>
    public CellAggregator Aggregator { get; } = new(config);
}
