using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Config;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Core.Spatial;
using PureHDF;
using PureHDF.VOL.Native;

namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Reads the observations of one parent cell from one HDF5 granule with PureHDF: for every group, the
/// latitude/longitude columns (in full the first time a group is seen, then only over the cell's rows, which the
/// <see cref="RowIndex"/> remembers), then the variables and quality flag over the bounding row range of the cell only.
/// Rows outside the cell, failing the quality filter, or with a non-finite or <c>_FillValue</c> coordinate or
/// variable are dropped. A group that cannot be read is reported and skipped.
/// </summary>
/// <param name="source">The config's data source (paths, groups, quality filter).</param>
public sealed class Hdf5GranuleReader(DataSourceConfig source)
{
    private const string GroupPlaceholder = "{group}";

    /// <summary>Row ranges of parent cells in the groups read so far.</summary>
    public GranuleRowIndex RowIndex { get; } = new();

    /// <summary>
    /// Appends the granule's rows of <paramref name="cell"/> to <paramref name="buffer"/> (columns in the order of
    /// <c>data_source.variables</c>) and returns the groups that failed.
    /// </summary>
    /// <exception cref="GranuleAccessException">The granule is not a readable HDF5 file, or its bytes could not be fetched.</exception>
    public IReadOnlyList<GranuleFailure> Read(Stream stream, string granule, CellSelection cell, ObservationBuffer buffer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(buffer);
        NativeFile file;
        try
        {
            file = H5File.Open(stream, leaveOpen: true);
        }
        catch (Exception e) when (e is not GranuleAccessException and not OperationCanceledException)
        {
            throw new GranuleAccessException(GranuleErrorKind.Corrupt, granule, $"not a readable HDF5 file ({e.Message})", e);
        }

        using (file)
        {
            var failures = new List<GranuleFailure>();
            foreach (var group in source.Groups)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rollback = buffer.Count;
                try
                {
                    ReadGroup(file, granule, stream.Length, group, cell, buffer);
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
    }

    private void ReadGroup(NativeFile file, string granule, long length, string group, CellSelection cell, ObservationBuffer buffer)
    {
        var (latitudePath, latitude) = Open(file, source.Latitude, group);
        var (longitudePath, longitude) = Open(file, source.Longitude, group);
        var rows = Hdf5Columns.Length(latitude, latitudePath);
        RequireLength(longitude, longitudePath, rows);

        int first, last;
        long[] cellPixels;
        if (RowIndex.TryGet(granule, length, group, cell.ParentOrder, out var ranges))
        {
            if (!ranges.TryGetValue(cell.ParentNested, out var range))
            {
                return;
            }

            (first, last) = range;
            cellPixels = Pixels(latitude, latitudePath, longitude, longitudePath, first, last - first + 1);
        }
        else
        {
            var pixels = Pixels(latitude, latitudePath, longitude, longitudePath, 0, checked((int)rows));
            RowIndex.Learn(granule, length, group, cell.ParentOrder, pixels);
            first = Array.FindIndex(pixels, cell.Contains);
            if (first < 0)
            {
                return;
            }

            last = Array.FindLastIndex(pixels, cell.Contains);
            cellPixels = pixels[first..(last + 1)];
        }

        var count = last - first + 1;
        var keep = new bool[count];
        for (var i = 0; i < count; i++)
        {
            keep[i] = cell.Contains(cellPixels[i]);
        }

        if (source.QualityFilter is { } filter)
        {
            var (flagPath, flagDataset) = Open(file, filter.Dataset, group);
            RequireLength(flagDataset, flagPath, rows);
            var flags = Hdf5Columns.Read(flagDataset, flagPath, first, count);
            for (var i = 0; i < count; i++)
            {
                keep[i] &= flags[i] == filter.Value;
            }
        }

        var columns = new double[source.Variables.Count][];
        for (var c = 0; c < columns.Length; c++)
        {
            var (path, dataset) = Open(file, source.Variables[c].Value, group);
            RequireLength(dataset, path, rows);
            columns[c] = Hdf5Columns.Read(dataset, path, first, count);
            var fill = Hdf5Columns.FillValue(dataset);
            for (var i = 0; i < count; i++)
            {
                var value = columns[c][i];
                keep[i] &= double.IsFinite(value) && value != fill;
            }
        }

        Append(buffer, cell, cellPixels, keep, columns);
    }

    private static long[] Pixels(IH5Dataset latitude, string latitudePath, IH5Dataset longitude, string longitudePath, int start, int count)
    {
        var lat = Hdf5Columns.Read(latitude, latitudePath, start, count);
        var lon = Hdf5Columns.Read(longitude, longitudePath, start, count);
        var pixels = new long[count];
        Healpix.LatLonToNested(lat, lon, Morton.MaxOrder, pixels);
        MarkFilled(pixels, lat, Hdf5Columns.FillValue(latitude));
        MarkFilled(pixels, lon, Hdf5Columns.FillValue(longitude));
        return pixels;
    }

    private static void Append(ObservationBuffer buffer, CellSelection cell, ReadOnlySpan<long> pixels, bool[] keep, double[][] columns)
    {
        var kept = keep.Count(k => k);
        var start = buffer.Reserve(kept);
        var children = buffer.ChildrenAt(start, kept);
        var row = 0;
        for (var i = 0; i < keep.Length; i++)
        {
            if (keep[i])
            {
                children[row++] = cell.ChildIndex(pixels[i]);
            }
        }

        for (var c = 0; c < columns.Length; c++)
        {
            var target = buffer.ColumnAt(c, start, kept);
            row = 0;
            for (var i = 0; i < keep.Length; i++)
            {
                if (keep[i])
                {
                    target[row++] = columns[c][i];
                }
            }
        }
    }

    private static void MarkFilled(long[] pixels, double[] coordinate, double? fill)
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

    private static (string Path, IH5Dataset Dataset) Open(NativeFile file, string template, string group)
    {
        var path = template.Replace(GroupPlaceholder, group, StringComparison.Ordinal);
        if (!file.LinkExists(path))
        {
            throw new MissingDatasetException($"dataset {path} not found");
        }

        return (path, file.Dataset(path));
    }

    private static void RequireLength(IH5Dataset dataset, string path, long rows)
    {
        var length = Hdf5Columns.Length(dataset, path);
        if (length != rows)
        {
            throw new InvalidDataException($"dataset {path} has {length} rows but the coordinates have {rows}");
        }
    }

    private sealed class MissingDatasetException(string message) : Exception(message);
}
