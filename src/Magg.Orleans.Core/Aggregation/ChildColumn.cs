namespace Magg.Orleans.Core.Aggregation;

/// <summary>One output array's values for the children of a parent cell.</summary>
/// <param name="Name">Array name (a config variable, or <c>cell_ids</c>/<c>morton</c>).</param>
/// <param name="DataType">Element type; <paramref name="Values"/> is an array of the matching CLR type.</param>
/// <param name="FillValue">The array's fill value.</param>
/// <param name="Values">float[] for float32, ulong[] for uint64, and so on.</param>
public sealed record ChildColumn(string Name, DataType DataType, double FillValue, Array Values)
{
    /// <summary>Element <paramref name="index"/> as a double.</summary>
    public double this[int index] => DataTypes.GetDouble(Values, index);

    /// <summary>The raw little-endian bytes, as a Zarr <c>bytes</c> codec chunk holds them.</summary>
    public ReadOnlySpan<byte> Bytes => DataTypes.AsBytes(Values);
}
