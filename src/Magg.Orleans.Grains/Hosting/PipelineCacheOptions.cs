namespace Magg.Orleans.Grains.Hosting;

/// <summary>Bounds of the silo's compiled-pipeline cache (configuration section <c>Magg:PipelineCache</c>).</summary>
public sealed class PipelineCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:PipelineCache";

    /// <summary>Most distinct configs kept compiled (default 32); the least recently used is dropped first.</summary>
    public int MaxEntries { get; set; } = 32;

    /// <summary>
    /// Most bytes kept, estimated per config as its text (UTF-16) plus <see cref="CompiledOverheadBytes"/> (default 32 MiB).
    /// Each compiled pipeline also carries a granule row index, bounded separately by its own entry cap.
    /// </summary>
    public long MaxBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Estimated size of one compiled pipeline besides its config text: reader, aggregator and expression plan.</summary>
    public long CompiledOverheadBytes { get; set; } = 64 * 1024;
}
