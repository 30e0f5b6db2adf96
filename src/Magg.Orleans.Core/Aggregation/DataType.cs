namespace Magg.Orleans.Core.Aggregation;

/// <summary>Element types of output arrays, named as in numpy/Zarr (<c>float32</c>, <c>uint64</c>, ...).</summary>
#pragma warning disable CA1720 // The members are the numpy/Zarr dtype names on purpose.
public enum DataType
{
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Float32,
    Float64,
}
#pragma warning restore CA1720
