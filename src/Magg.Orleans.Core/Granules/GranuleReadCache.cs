using System.Collections.Concurrent;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// What the cells of a silo share when they read granules: decoded chunks (bounded by bytes), and per dataset and beam
/// the facts learned once (rows, chunking, type, fill value; latitude range and parent row ranges of each chunk).
/// Keys carry the granule's version (<see cref="GranuleKey"/>). Also keeps a few local granules open between cells.
/// Thread-safe; one per silo.
/// </summary>
public sealed class GranuleReadCache : IDisposable
{
    private readonly ConcurrentDictionary<(GranuleKey Granule, string Path), ColumnFacts> _columns = new();
    private readonly ConcurrentDictionary<(GranuleKey Granule, string Latitude, string Longitude), BeamBlocks> _beams = new();

    /// <summary>A cache with <paramref name="options"/> (defaults when null).</summary>
    public GranuleReadCache(GranuleReadOptions? options = null)
    {
        Options = options ?? new GranuleReadOptions();
        Options.Validate();
        Chunks = new DecodedChunkCache(Options.CacheBytes);
        Files = new GranuleFilePool(Options.OpenGranules);
    }

    /// <summary>The settings.</summary>
    public GranuleReadOptions Options { get; }

    /// <summary>The decoded chunks.</summary>
    public DecodedChunkCache Chunks { get; }

    /// <summary>What reading did so far.</summary>
    public GranuleReadStatistics Statistics { get; } = new();

    /// <summary>Granules open and waiting for their next cell.</summary>
    public int OpenGranules => Files.Count;

    internal GranuleFilePool Files { get; }

    /// <summary>Beams remembered.</summary>
    public int BeamCount => _beams.Count;

    /// <summary>Forgets everything (a silo that starts cold again).</summary>
    public void Clear()
    {
        Chunks.Clear();
        Files.Clear();
        _beams.Clear();
        _columns.Clear();
    }

    /// <summary>Closes the granules kept open.</summary>
    public void Dispose() => Files.Dispose();

    internal bool TryGetColumn(GranuleKey granule, string path, out ColumnFacts facts) => _columns.TryGetValue((granule, path), out facts!);

    internal void AddColumn(GranuleKey granule, string path, ColumnFacts facts)
    {
        if (_columns.Count >= Options.MaxBeams * 8)
        {
            _columns.Clear();
        }

        _columns[(granule, path)] = facts;
    }

    internal BeamBlocks Beam(GranuleKey granule, string latitude, string longitude, int rows, int blockRows)
    {
        var key = (granule, latitude, longitude);
        if (_beams.TryGetValue(key, out var beam) && beam.Rows == rows && beam.BlockRows == blockRows)
        {
            return beam;
        }

        if (_beams.Count >= Options.MaxBeams)
        {
            _beams.Clear();
        }

        return _beams.AddOrUpdate(key, _ => new BeamBlocks(rows, blockRows),
            (_, existing) => existing.Rows == rows && existing.BlockRows == blockRows ? existing : new BeamBlocks(rows, blockRows));
    }
}
