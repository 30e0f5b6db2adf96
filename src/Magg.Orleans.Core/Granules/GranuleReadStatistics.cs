using System.Diagnostics;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// What granule reading did in a silo, summed over every cell: HDF5 files opened, chunks decoded by kind, beams
/// searched by bisection or scanned, and the time spent per stage (stopwatch ticks, summed over threads). Thread-safe.
/// </summary>
public sealed class GranuleReadStatistics
{
    private long _opens;
    private long _openTicks;
    private long _coordinateChunks;
    private long _coordinateTicks;
    private long _pixelBlocks;
    private long _pixelTicks;
    private long _variableChunks;
    private long _variableTicks;
    private long _readTicks;
    private long _bisectedBeams;
    private long _scannedBeams;
    private long _aggregateTicks;

    /// <summary>The counters now.</summary>
    public GranuleReadSnapshot Snapshot() => new(
        Interlocked.Read(ref _opens),
        Seconds(ref _openTicks),
        Interlocked.Read(ref _coordinateChunks),
        Seconds(ref _coordinateTicks),
        Interlocked.Read(ref _pixelBlocks),
        Seconds(ref _pixelTicks),
        Interlocked.Read(ref _variableChunks),
        Seconds(ref _variableTicks),
        Math.Max(0, Seconds(ref _readTicks) - Seconds(ref _openTicks) - Seconds(ref _coordinateTicks) - Seconds(ref _pixelTicks) - Seconds(ref _variableTicks)),
        Interlocked.Read(ref _bisectedBeams),
        Interlocked.Read(ref _scannedBeams),
        Seconds(ref _aggregateTicks));

    internal void Opened(long started) => Add(ref _opens, ref _openTicks, started);

    internal void CoordinateChunkDecoded(long started) => Add(ref _coordinateChunks, ref _coordinateTicks, started);

    internal void PixelsComputed(long started) => Add(ref _pixelBlocks, ref _pixelTicks, started);

    internal void VariableChunkDecoded(long started) => Add(ref _variableChunks, ref _variableTicks, started);

    internal void Read(long started) => Interlocked.Add(ref _readTicks, Stopwatch.GetTimestamp() - started);

    internal void BeamSearched(bool bisected) => Interlocked.Increment(ref bisected ? ref _bisectedBeams : ref _scannedBeams);

    internal void Aggregated(long started) => Interlocked.Add(ref _aggregateTicks, Stopwatch.GetTimestamp() - started);

    private static void Add(ref long count, ref long ticks, long started)
    {
        Interlocked.Increment(ref count);
        Interlocked.Add(ref ticks, Stopwatch.GetTimestamp() - started);
    }

    private static double Seconds(ref long ticks) => Interlocked.Read(ref ticks) / (double)Stopwatch.Frequency;
}
