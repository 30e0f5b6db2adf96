namespace Magg.Orleans.Core.Granules;

/// <summary>The numeric types a column may be stored in (it is read in that type and widened to float64).</summary>
internal enum ColumnType
{
    Float64,
    Float32,
    Int8,
    UInt8,
    Int16,
    UInt16,
    Int32,
    UInt32,
    Int64,
    UInt64,
}
