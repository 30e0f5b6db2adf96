using System.Numerics;
using PureHDF;
using PureHDF.Selections;

namespace Magg.Orleans.Core.Granules;

/// <summary>Reads 1-D numeric HDF5 datasets as float64 columns, whatever their stored type.</summary>
internal static class Hdf5Columns
{
    /// <summary>Number of rows of a 1-D dataset.</summary>
    public static long Length(IH5Dataset dataset, string path)
    {
        var dimensions = dataset.Space.Dimensions;
        if (dimensions.Length != 1)
        {
            throw new InvalidDataException($"dataset {path} has {dimensions.Length} dimensions; a column must have 1.");
        }

        return (long)dimensions[0];
    }

    /// <summary>Rows [start, start + count) of a 1-D numeric dataset, widened to float64.</summary>
    public static double[] Read(IH5Dataset dataset, string path, long start, long count)
    {
        var selection = new HyperslabSelection((ulong)start, (ulong)count);
        var type = dataset.Type;
        return (type.Class, type.Size, type.Class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned) switch
        {
            (H5DataTypeClass.FloatingPoint, 8, _) => dataset.Read<double[]>(selection),
            (H5DataTypeClass.FloatingPoint, 4, _) => Widen(dataset.Read<float[]>(selection)),
            (H5DataTypeClass.FixedPoint, 1, true) => Widen(dataset.Read<sbyte[]>(selection)),
            (H5DataTypeClass.FixedPoint, 1, false) => Widen(dataset.Read<byte[]>(selection)),
            (H5DataTypeClass.FixedPoint, 2, true) => Widen(dataset.Read<short[]>(selection)),
            (H5DataTypeClass.FixedPoint, 2, false) => Widen(dataset.Read<ushort[]>(selection)),
            (H5DataTypeClass.FixedPoint, 4, true) => Widen(dataset.Read<int[]>(selection)),
            (H5DataTypeClass.FixedPoint, 4, false) => Widen(dataset.Read<uint[]>(selection)),
            (H5DataTypeClass.FixedPoint, 8, true) => Widen(dataset.Read<long[]>(selection)),
            (H5DataTypeClass.FixedPoint, 8, false) => Widen(dataset.Read<ulong[]>(selection)),
            _ => throw new InvalidDataException($"dataset {path} has type {type.Class} of {type.Size} bytes; a column must be numeric."),
        };
    }

    /// <summary>The dataset's <c>_FillValue</c> attribute as float64, or null when it has none.</summary>
    public static double? FillValue(IH5Dataset dataset)
    {
        if (!dataset.AttributeExists("_FillValue"))
        {
            return null;
        }

        var attribute = dataset.Attribute("_FillValue");
        var type = attribute.Type;
        return (type.Class, type.Size, type.Class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned) switch
        {
            (H5DataTypeClass.FloatingPoint, 8, _) => attribute.Read<double[]>()[0],
            (H5DataTypeClass.FloatingPoint, 4, _) => attribute.Read<float[]>()[0],
            (H5DataTypeClass.FixedPoint, 1, true) => attribute.Read<sbyte[]>()[0],
            (H5DataTypeClass.FixedPoint, 1, false) => attribute.Read<byte[]>()[0],
            (H5DataTypeClass.FixedPoint, 2, true) => attribute.Read<short[]>()[0],
            (H5DataTypeClass.FixedPoint, 2, false) => attribute.Read<ushort[]>()[0],
            (H5DataTypeClass.FixedPoint, 4, true) => attribute.Read<int[]>()[0],
            (H5DataTypeClass.FixedPoint, 4, false) => attribute.Read<uint[]>()[0],
            (H5DataTypeClass.FixedPoint, 8, true) => attribute.Read<long[]>()[0],
            (H5DataTypeClass.FixedPoint, 8, false) => attribute.Read<ulong[]>()[0],
            _ => null,
        };
    }

    private static double[] Widen<T>(T[] values) where T : INumberBase<T>
    {
        var result = GC.AllocateUninitializedArray<double>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = double.CreateTruncating(values[i]);
        }

        return result;
    }
}
