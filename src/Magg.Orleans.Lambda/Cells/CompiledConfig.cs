using Magg.Orleans.Core.Processing;

namespace Magg.Orleans.Lambda.Cells;

/// <summary>A config compiled once per function instance, with the fingerprint of its meaning.</summary>
internal sealed record CompiledConfig(CompiledPipeline Pipeline, string Fingerprint);
