using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Reads the observations of one parent cell from one HDF5 granule with PureHDF, chunk by chunk. For every group it
/// finds the latitude chunks (blocks) that may reach the cell (<see cref="BlockSearch"/>: a few chunks decoded by
/// bisection, or every one when the beam is not monotonic), computes the order-18 pixels of those blocks, keeps the
/// rows inside the cell, and reads the quality flag and the variables of the blocks holding such rows only. Decoded
/// chunks, pixels and per-block facts are shared with the other cells of the silo through the
/// <see cref="GranuleReadCache"/>. Rows outside the cell, failing the quality filter, or with a non-finite or
/// <c>_FillValue</c> coordinate or variable are dropped; rows are appended in the granule's order. A group that
/// cannot be read is reported and skipped.
/// </summary>
/// <param name="source">The config's data source (paths, groups, quality filter).</param>
public sealed class Hdf5GranuleReader(DataSourceConfig source)
{
    private const string GroupPlaceholder = "{group}";
    private const string PixelsPrefix = "pixels:";

    // Pixels are kept at the child order as int while that fits (order 13: 12 * 4^13 < 2^31), else at order 18 as long.
    private const int MaxIntPixelOrder = 13;

    /// <summary>
    /// Appends the granule's rows of <paramref name="cell"/> to <paramref name="buffer"/> (columns in the order of
    /// <c>data_source.variables</c>) and returns the groups that failed.
    /// </summary>
    /// <exception cref="GranuleAccessException">The granule is not a readable HDF5 file, or its bytes could not be fetched.</exception>
    public IReadOnlyList<GranuleFailure> Read(Stream stream, string granule, CellSelection cell, ObservationBuffer buffer, GranuleReadCache cache,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(cache);
        using var file = new GranuleFile(stream, KeyOf(stream, granule), cache, ownsStream: false);
        return Read(file, cell, buffer, cancellationToken);
    }

    /// <summary>The cache key of the granule <paramref name="stream"/> reads.</summary>
    internal static GranuleKey KeyOf(Stream stream, string granule) => new(granule, stream.Length, (stream as IGranuleVersion)?.Version);

    internal IReadOnlyList<GranuleFailure> Read(GranuleFile file, CellSelection cell, ObservationBuffer buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(buffer);
        var granule = file.Key.Granule;
        var failures = new List<GranuleFailure>();
        foreach (var group in source.Groups)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rollback = buffer.Count;
            try
            {
                ReadGroup(file, group, cell, buffer);
            }
            catch (Exception e) when (e is not GranuleAccessException and not OperationCanceledException)
            {
                buffer.Truncate(rollback);
                var kind = e is MissingDatasetException ? GranuleErrorKind.MissingData : GranuleErrorKind.Corrupt;
                failures.Add(new GranuleFailure(granule, group, kind, e.Message));
            }
        }

        return failures;
    }

    private void ReadGroup(GranuleFile file, string group, CellSelection cell, ObservationBuffer buffer)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            ReadGroupRows(file, group, cell, buffer);
        }
        finally
        {
            file.Cache.Statistics.Read(started);
        }
    }

    private void ReadGroupRows(GranuleFile file, string group, CellSelection cell, ObservationBuffer buffer)
    {
        var latitude = file.Column(Path(source.Latitude, group));
        var longitude = file.Column(Path(source.Longitude, group));
        RequireLength(longitude, latitude.Rows);
        var flags = source.QualityFilter is { } filter ? file.Column(Path(filter.Dataset, group)) : null;
        var variables = new GranuleColumn[source.Variables.Count];
        for (var c = 0; c < variables.Length; c++)
        {
            variables[c] = file.Column(Path(source.Variables[c].Value, group));
        }

        if (flags is not null)
        {
            RequireLength(flags, latitude.Rows);
        }

        foreach (var column in variables)
        {
            RequireLength(column, latitude.Rows);
        }

        var beam = file.Cache.Beam(file.Key, latitude.Path, longitude.Path, latitude.Rows, latitude.Facts.ChunkRows);
        var pixels = new BeamPixels(file, beam, latitude, longitude, cell.ParentOrder, cell.ChildOrder <= MaxIntPixelOrder ? cell.ChildOrder : Morton.MaxOrder);
        var blocks = new List<int>();
        file.Cache.Statistics.BeamSearched(BlockSearch.Find(beam, pixels.Summary, cell.LatitudeLow, cell.LatitudeHigh, file.Cache.Options.ScanEveryChunk, blocks));

        // The runs of the cell's rows: per block, from its first to its last row in the cell.
        var runs = new List<(int Block, int First, int Count)>();
        var total = 0;
        foreach (var block in blocks)
        {
            if (pixels.Parents(block).TryFind(cell.ParentNested, out var first, out var last))
            {
                runs.Add((block, first, last - first + 1));
                total += last - first + 1;
            }
        }

        if (total > 0)
        {
            Append(buffer, cell, pixels, runs, total, flags, variables);
        }

        // A block every parent has read is of no more use: its chunks go first, before ones other cells still need.
        foreach (var (block, _, _) in runs)
        {
            if (pixels.Parents(block).Serve(cell.ParentNested))
            {
                pixels.Forget(block, flags, variables);
            }
        }
    }

    private void Append(ObservationBuffer buffer, CellSelection cell, BeamPixels pixels, List<(int Block, int First, int Count)> runs,
        int total, GranuleColumn? flags, GranuleColumn[] variables)
    {
        var keep = ArrayPool<bool>.Shared.Rent(total);
        var values = ArrayPool<double>.Shared.Rent(total * Math.Max(1, variables.Length));
        var leases = new ChunkLease[runs.Count];
        try
        {
            for (var r = 0; r < runs.Count; r++)
            {
                leases[r] = pixels.Pixels(runs[r].Block);
            }

            var offset = 0;
            for (var r = 0; r < runs.Count; r++)
            {
                var (block, first, count) = runs[r];
                var from = first - pixels.Beam.Start(block);
                var keeps = keep.AsSpan(offset, count);
                if (leases[r].Values is int[] childPixels)
                {
                    for (var i = 0; i < count; i++)
                    {
                        keeps[i] = cell.ContainsChildPixel(childPixels[from + i]);
                    }
                }
                else
                {
                    var pixels18 = (long[])leases[r].Values;
                    for (var i = 0; i < count; i++)
                    {
                        keeps[i] = cell.Contains(pixels18[from + i]);
                    }
                }

                offset += count;
            }

            if (flags is not null)
            {
                var wanted = source.QualityFilter!.Value;
                var flagValues = values.AsSpan(0, total);
                ReadRuns(flags, runs, flagValues);
                for (var i = 0; i < total; i++)
                {
                    keep[i] &= flagValues[i] == wanted;
                }
            }

            for (var c = 0; c < variables.Length; c++)
            {
                var column = values.AsSpan(c * total, total);
                ReadRuns(variables[c], runs, column);
                var fill = variables[c].Facts.Fill;
                for (var i = 0; i < total; i++)
                {
                    keep[i] &= double.IsFinite(column[i]) && column[i] != fill;
                }
            }

            var kept = keep.AsSpan(0, total).Count(true);
            var start = buffer.Reserve(kept);
            var children = buffer.ChildrenAt(start, kept);
            var row = 0;
            offset = 0;
            for (var r = 0; r < runs.Count; r++)
            {
                var (block, first, count) = runs[r];
                var from = first - pixels.Beam.Start(block);
                var keeps = keep.AsSpan(offset, count);
                if (leases[r].Values is int[] childPixels)
                {
                    for (var i = 0; i < count; i++)
                    {
                        if (keeps[i])
                        {
                            children[row++] = cell.ChildIndexOfChildPixel(childPixels[from + i]);
                        }
                    }
                }
                else
                {
                    var pixels18 = (long[])leases[r].Values;
                    for (var i = 0; i < count; i++)
                    {
                        if (keeps[i])
                        {
                            children[row++] = cell.ChildIndex(pixels18[from + i]);
                        }
                    }
                }

                offset += count;
            }

            for (var c = 0; c < variables.Length; c++)
            {
                var target = buffer.ColumnAt(c, start, kept);
                var column = values.AsSpan(c * total, total);
                row = 0;
                for (var i = 0; i < total; i++)
                {
                    if (keep[i])
                    {
                        target[row++] = column[i];
                    }
                }
            }
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }

            ArrayPool<double>.Shared.Return(values);
            ArrayPool<bool>.Shared.Return(keep);
        }
    }

    private static void ReadRuns(GranuleColumn column, List<(int Block, int First, int Count)> runs, Span<double> destination)
    {
        var offset = 0;
        foreach (var (_, first, count) in runs)
        {
            column.ReadDoubles(first, destination.Slice(offset, count), keep: true, coordinate: false);
            offset += count;
        }
    }

    private static string Path(string template, string group) => template.Replace(GroupPlaceholder, group, StringComparison.Ordinal);

    private static void RequireLength(GranuleColumn column, int rows)
    {
        if (column.Rows != rows)
        {
            throw new InvalidDataException($"dataset {column.Path} has {column.Rows} rows but the coordinates have {rows}");
        }
    }

    /// <summary>The latitude summaries, order-18 pixels and parent ranges of one beam's blocks, from the cache or computed.</summary>
    private sealed class BeamPixels(GranuleFile file, BeamBlocks beam, GranuleColumn latitude, GranuleColumn longitude, int parentOrder, int pixelOrder)
    {
        private readonly string _pixelsName = string.Create(CultureInfo.InvariantCulture, $"{PixelsPrefix}{pixelOrder}:{latitude.Path}|{longitude.Path}");

        public BeamBlocks Beam => beam;

        public LatitudeSummary Summary(int block)
        {
            if (beam.Summary(block) is { } known)
            {
                return known;
            }

            using var lease = latitude.Chunk(block, keep: true, coordinate: true);
            var summary = lease.Values is double[] doubles
                ? LatitudeSummary.Of(doubles, latitude.Facts.Fill)
                : LatitudeSummary.Of(Widened(lease.Values), latitude.Facts.Fill);
            beam.SetSummary(block, summary);
            return summary;
        }

        /// <summary>Drops the block's pixels and the chunks of <paramref name="flags"/> and <paramref name="variables"/> holding exactly its rows.</summary>
        public void Forget(int block, GranuleColumn? flags, GranuleColumn[] variables)
        {
            file.Cache.Chunks.Remove(new ChunkKey(file.Key, _pixelsName, block));
            latitude.Forget(block);
            if (flags?.Facts.ChunkRows == beam.BlockRows)
            {
                flags.Forget(block);
            }

            foreach (var column in variables)
            {
                if (column.Facts.ChunkRows == beam.BlockRows)
                {
                    column.Forget(block);
                }
            }
        }

        /// <summary>
        /// The NESTED pixels of the block's rows at the pixel order (an <c>int[]</c>, or a <c>long[]</c> at order 18), -1 for
        /// rows without a valid point; dispose the lease when done.
        /// </summary>
        public ChunkLease Pixels(int block) => file.Cache.Chunks.GetOrAdd(new ChunkKey(file.Key, _pixelsName, block), () => Compute(block));

        public ParentRanges Parents(int block)
        {
            if (beam.Parents(block, parentOrder) is { } known)
            {
                return known;
            }

            using var pixels = Pixels(block);
            var ranges = ParentRanges.Of(pixels.Values, pixelOrder, beam.Start(block), parentOrder);
            beam.SetParents(block, ranges);
            return ranges;
        }

        private Array Compute(int block)
        {
            var start = beam.Start(block);
            var count = beam.Length(block);
            using var latitudeLease = latitude.Chunk(block, keep: true, coordinate: true);
            var latitudeValues = latitudeLease.Values;
            var longitudes = ArrayPool<double>.Shared.Rent(count);
            var widened = latitudeValues is not double[] ? ArrayPool<double>.Shared.Rent(count) : null;
            try
            {
                longitude.ReadDoubles(start, longitudes.AsSpan(0, count), keep: false, coordinate: true);
                ReadOnlySpan<double> latitudes = latitudeValues is double[] doubles ? doubles.AsSpan(0, count) : Fill(widened!, latitudeValues, count);
                var started = Stopwatch.GetTimestamp();
                var pixels18 = pixelOrder == Morton.MaxOrder ? file.Cache.Chunks.Rent<long>(count) : ArrayPool<long>.Shared.Rent(count);
                var span = pixels18.AsSpan(0, count);
                Healpix.LatLonToNested(latitudes, longitudes.AsSpan(0, count), Morton.MaxOrder, span);
                MarkFilled(span, latitudes, latitude.Facts.Fill);
                MarkFilled(span, longitudes.AsSpan(0, count), longitude.Facts.Fill);
                Array pixels = pixels18;
                if (pixelOrder != Morton.MaxOrder)
                {
                    // Clipped from order 18 (not computed at the child order), so a row's child is exactly its order-18 pixel's.
                    var shift = 2 * (Morton.MaxOrder - pixelOrder);
                    var childPixels = file.Cache.Chunks.Rent<int>(count);
                    for (var i = 0; i < count; i++)
                    {
                        childPixels[i] = (int)(span[i] >> shift);
                    }

                    ArrayPool<long>.Shared.Return(pixels18);
                    pixels = childPixels;
                }

                if (beam.Summary(block) is null)
                {
                    beam.SetSummary(block, LatitudeSummary.Of(latitudes, latitude.Facts.Fill));
                }

                file.Cache.Statistics.PixelsComputed(started);
                latitude.Forget(block);
                return pixels;
            }
            finally
            {
                ArrayPool<double>.Shared.Return(longitudes);
                if (widened is not null)
                {
                    ArrayPool<double>.Shared.Return(widened);
                }
            }
        }

        private static double[] Widened(Array values)
        {
            var result = new double[values.Length];
            GranuleColumn.Widen(values, 0, result);
            return result;
        }

        private static ReadOnlySpan<double> Fill(double[] target, Array values, int count)
        {
            GranuleColumn.Widen(values, 0, target.AsSpan(0, count));
            return target.AsSpan(0, count);
        }

        private static void MarkFilled(Span<long> pixels, ReadOnlySpan<double> coordinate, double? fill)
        {
            if (fill is not { } value)
            {
                return;
            }

            for (var i = 0; i < pixels.Length; i++)
            {
                if (coordinate[i] == value)
                {
                    pixels[i] = -1;
                }
            }
        }
    }
}
