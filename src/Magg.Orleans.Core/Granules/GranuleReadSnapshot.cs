namespace Magg.Orleans.Core.Granules;

/// <summary>
/// <see cref="GranuleReadStatistics"/> at one moment. Times are CPU-side stopwatch seconds summed over threads; a
/// stage's time excludes the stages it calls (selection time excludes decoding, decoding excludes opening).
/// </summary>
/// <param name="Opens">HDF5 files opened (a cell whose chunks are all cached opens none).</param>
/// <param name="OpenSeconds">Opening files and datasets: superblock, groups, object headers, attributes.</param>
/// <param name="CoordinateChunks">Latitude and longitude chunks decoded.</param>
/// <param name="CoordinateSeconds">Decoding them (chunk index lookup, read, inflate, unshuffle, copy).</param>
/// <param name="PixelBlocks">Blocks of rows whose order-18 HEALPix pixels were computed.</param>
/// <param name="PixelSeconds">Computing those pixels.</param>
/// <param name="VariableChunks">Chunks of variables and quality flags decoded.</param>
/// <param name="VariableSeconds">Decoding them.</param>
/// <param name="SelectSeconds">Finding a cell's blocks and rows and copying its observations out (reading time not in another stage).</param>
/// <param name="BisectedBeams">Beams whose blocks were found by bisection over latitude.</param>
/// <param name="ScannedBeams">Beams that fell back to summarising every latitude chunk (not monotonic, or too short to bisect).</param>
/// <param name="AggregateSeconds">Aggregating cells into child tables.</param>
public sealed record GranuleReadSnapshot(
    long Opens,
    double OpenSeconds,
    long CoordinateChunks,
    double CoordinateSeconds,
    long PixelBlocks,
    double PixelSeconds,
    long VariableChunks,
    double VariableSeconds,
    double SelectSeconds,
    long BisectedBeams,
    long ScannedBeams,
    double AggregateSeconds)
{
    /// <summary>The counters accumulated between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static GranuleReadSnapshot operator -(GranuleReadSnapshot after, GranuleReadSnapshot before)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(before);
        return new(after.Opens - before.Opens, after.OpenSeconds - before.OpenSeconds, after.CoordinateChunks - before.CoordinateChunks,
            after.CoordinateSeconds - before.CoordinateSeconds, after.PixelBlocks - before.PixelBlocks, after.PixelSeconds - before.PixelSeconds,
            after.VariableChunks - before.VariableChunks, after.VariableSeconds - before.VariableSeconds, after.SelectSeconds - before.SelectSeconds,
            after.BisectedBeams - before.BisectedBeams, after.ScannedBeams - before.ScannedBeams, after.AggregateSeconds - before.AggregateSeconds);
    }
}
