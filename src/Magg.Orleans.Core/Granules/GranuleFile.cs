using System.Diagnostics;
using PureHDF;
using PureHDF.VOL.Native;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// One granule being read: its columns, and the HDF5 file behind them, opened only when a column's facts or a chunk
/// are not in the <see cref="GranuleReadCache"/> yet. Kept open between cells in the cache's pool when the granule's
/// version is known without opening it (local files), so later cells skip the metadata walk. Used by one thread at a
/// time.
/// </summary>
internal sealed class GranuleFile(Stream stream, GranuleKey key, GranuleReadCache cache, bool ownsStream) : IDisposable
{
    private readonly Dictionary<string, IH5Dataset> _datasets = new(StringComparer.Ordinal);
    private NativeFile? _file;

    public GranuleKey Key => key;

    public GranuleReadCache Cache => cache;

    /// <summary>The column at <paramref name="path"/>.</summary>
    /// <exception cref="MissingDatasetException">The granule has no such dataset.</exception>
    public GranuleColumn Column(string path)
    {
        if (!cache.TryGetColumn(key, path, out var facts))
        {
            var dataset = Dataset(path);
            var started = Stopwatch.GetTimestamp();
            facts = ColumnFacts.Of(dataset, path);
            cache.Statistics.Opened(started);
            cache.AddColumn(key, path, facts);
        }

        return new GranuleColumn(this, path, facts);
    }

    /// <summary>The open dataset at <paramref name="path"/> (opening the file first if needed).</summary>
    public IH5Dataset Dataset(string path)
    {
        if (_datasets.TryGetValue(path, out var dataset))
        {
            return dataset;
        }

        var file = File();
        var started = Stopwatch.GetTimestamp();
        if (!file.LinkExists(path))
        {
            throw new MissingDatasetException($"dataset {path} not found");
        }

        dataset = file.Dataset(path);
        cache.Statistics.Opened(started);
        _datasets.Add(path, dataset);
        return dataset;
    }

    /// <summary>Lets go of buffers while the file waits in the pool.</summary>
    public void Idle()
    {
        if (stream is LocalGranuleStream local)
        {
            local.ReleaseBlocks();
        }
    }

    public void Dispose()
    {
        _file?.Dispose();
        if (ownsStream)
        {
            stream.Dispose();
        }
    }

    private NativeFile File()
    {
        if (_file is not null)
        {
            return _file;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            _file = H5File.Open(stream, leaveOpen: true);
        }
        catch (Exception e) when (e is not GranuleAccessException and not OperationCanceledException)
        {
            throw new GranuleAccessException(GranuleErrorKind.Corrupt, key.Granule, $"not a readable HDF5 file ({e.Message})", e);
        }

        cache.Statistics.Opened(started);
        return _file;
    }
}
