using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Core.Spatial;
using PureHDF;
using PureHDF.VOL.Native;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>
/// An independent reader to compare against: every column of every group read whole with PureHDF, the order-18 pixel
/// of every row, and the rows of the cell kept in granule, group and row order (SPEC §4, without chunks, caches or
/// search). Aggregated with the same kernel, so tables compare byte for byte.
/// </summary>
internal static class FullScanOracle
{
    public static (long Observations, ChildTable? Table) Process(long parentMorton, IEnumerable<string> granules, CompiledPipeline pipeline)
    {
        var source = pipeline.Config.DataSource;
        var parentOrder = Morton.OrderOf(parentMorton);
        var parent = Morton.ToNested(parentMorton);
        var childShift = 2 * (Morton.MaxOrder - pipeline.Config.ChildOrder);
        var childMask = Morton.ChildCount(parentMorton, pipeline.Config.ChildOrder) - 1;
        var buffer = pipeline.Aggregator.CreateBuffer();
        foreach (var path in granules)
        {
            using var file = H5File.OpenRead(path);
            foreach (var group in source.Groups)
            {
                string Path(string template) => template.Replace("{group}", group, StringComparison.Ordinal);
                if (!file.LinkExists(Path(source.Latitude)))
                {
                    continue;
                }

                var (latitude, latitudeFill) = Column(file, Path(source.Latitude));
                var (longitude, longitudeFill) = Column(file, Path(source.Longitude));
                var flags = source.QualityFilter is { } filter ? Column(file, Path(filter.Dataset)).Values : null;
                var columns = source.Variables.Select(v => Column(file, Path(v.Value))).ToArray();
                for (var row = 0; row < latitude.Length; row++)
                {
                    var (lat, lon) = (latitude[row], longitude[row]);
                    if (lat is not (>= -90 and <= 90) || !double.IsFinite(lon) || lat == latitudeFill || lon == longitudeFill)
                    {
                        continue;
                    }

                    var pixel = Healpix.LatLonToNested(lat, lon, Morton.MaxOrder);
                    if (pixel >> (2 * (Morton.MaxOrder - parentOrder)) != parent
                        || (flags is not null && flags[row] != source.QualityFilter!.Value)
                        || columns.Any(c => !double.IsFinite(c.Values[row]) || c.Values[row] == c.Fill))
                    {
                        continue;
                    }

                    var index = buffer.Reserve(1);
                    buffer.ChildrenAt(index, 1)[0] = (int)((pixel >> childShift) & childMask);
                    for (var c = 0; c < columns.Length; c++)
                    {
                        buffer.ColumnAt(c, index, 1)[0] = columns[c].Values[row];
                    }
                }
            }
        }

        return (buffer.Count, buffer.Count == 0 ? null : pipeline.Aggregator.Aggregate(parentMorton, buffer));
    }

    private static (double[] Values, double? Fill) Column(NativeFile file, string path)
    {
        var dataset = file.Dataset(path);
        double[] values = dataset.Type switch
        {
            { Class: H5DataTypeClass.FloatingPoint, Size: 8 } => dataset.Read<double[]>(),
            { Class: H5DataTypeClass.FloatingPoint, Size: 4 } => Array.ConvertAll(dataset.Read<float[]>(), v => (double)v),
            { Class: H5DataTypeClass.FixedPoint, Size: 1 } => Array.ConvertAll(dataset.Read<sbyte[]>(), v => (double)v),
            _ => throw new NotSupportedException($"{path}: {dataset.Type.Class} of {dataset.Type.Size} bytes"),
        };
        return (values, Hdf5Columns.FillValue(dataset));
    }
}
