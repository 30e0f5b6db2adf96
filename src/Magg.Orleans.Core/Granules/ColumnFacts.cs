using PureHDF;

namespace Magg.Orleans.Core.Granules;

/// <summary>What a 1-D numeric dataset is: its rows, the rows per chunk, its stored type and its <c>_FillValue</c>.</summary>
/// <param name="Rows">Number of rows.</param>
/// <param name="ChunkRows">Rows per HDF5 chunk; for unchunked datasets, the rows read at a time.</param>
/// <param name="Type">The stored type.</param>
/// <param name="Fill">The <c>_FillValue</c> attribute as float64, or null.</param>
internal sealed record ColumnFacts(int Rows, int ChunkRows, ColumnType Type, double? Fill)
{
    /// <summary>Rows read at a time from datasets that are not chunked.</summary>
    public const int UnchunkedBlockRows = 16_384;

    public int ChunkCount => (Rows + ChunkRows - 1) / ChunkRows;

    public static ColumnFacts Of(IH5Dataset dataset, string path)
    {
        var rows = checked((int)Hdf5Columns.Length(dataset, path));
        var type = dataset.Type;
        var columnType = (type.Class, type.Size, type.Class == H5DataTypeClass.FixedPoint && type.FixedPoint.IsSigned) switch
        {
            (H5DataTypeClass.FloatingPoint, 8, _) => ColumnType.Float64,
            (H5DataTypeClass.FloatingPoint, 4, _) => ColumnType.Float32,
            (H5DataTypeClass.FixedPoint, 1, true) => ColumnType.Int8,
            (H5DataTypeClass.FixedPoint, 1, false) => ColumnType.UInt8,
            (H5DataTypeClass.FixedPoint, 2, true) => ColumnType.Int16,
            (H5DataTypeClass.FixedPoint, 2, false) => ColumnType.UInt16,
            (H5DataTypeClass.FixedPoint, 4, true) => ColumnType.Int32,
            (H5DataTypeClass.FixedPoint, 4, false) => ColumnType.UInt32,
            (H5DataTypeClass.FixedPoint, 8, true) => ColumnType.Int64,
            (H5DataTypeClass.FixedPoint, 8, false) => ColumnType.UInt64,
            _ => throw new InvalidDataException($"dataset {path} has type {type.Class} of {type.Size} bytes; a column must be numeric."),
        };
        var chunkRows = dataset.Layout.Class == H5DataLayoutClass.Chunked ? (int)Math.Min(int.MaxValue, dataset.Layout.Chunks[0]) : UnchunkedBlockRows;
        return new ColumnFacts(rows, Math.Max(1, chunkRows), columnType, Hdf5Columns.FillValue(dataset));
    }
}
