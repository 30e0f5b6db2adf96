using PureHDF;

namespace Magg.Orleans.Core.Granules;

/// <summary>Facts of 1-D numeric HDF5 datasets: their length and <c>_FillValue</c>.</summary>
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
}
