namespace Magg.Orleans.Core.Granules;

/// <summary>One decoded chunk (or block of rows) of one dataset of one granule version.</summary>
/// <param name="Granule">The granule version.</param>
/// <param name="Dataset">The dataset path, or a derived name for values computed from datasets (order-18 pixels).</param>
/// <param name="Chunk">The chunk index along the rows.</param>
public readonly record struct ChunkKey(GranuleKey Granule, string Dataset, int Chunk);
