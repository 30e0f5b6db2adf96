using System.Runtime.InteropServices;

namespace Magg.Orleans.Core.Aggregation;

/// <summary>Names, sizes and conversions of <see cref="DataType"/> values.</summary>
public static class DataTypes
{
    private static readonly Dictionary<string, DataType> ByName = new(StringComparer.Ordinal)
    {
        ["int8"] = DataType.Int8,
        ["int16"] = DataType.Int16,
        ["int32"] = DataType.Int32,
        ["int64"] = DataType.Int64,
        ["uint8"] = DataType.UInt8,
        ["uint16"] = DataType.UInt16,
        ["uint32"] = DataType.UInt32,
        ["uint64"] = DataType.UInt64,
        ["float32"] = DataType.Float32,
        ["float64"] = DataType.Float64,
    };

    /// <summary>The accepted names, for error messages.</summary>
    public static IReadOnlyCollection<string> Names => ByName.Keys;

    /// <summary>Parses a numpy/Zarr name such as <c>float32</c>.</summary>
    public static bool TryParse(string name, out DataType type) => ByName.TryGetValue(name, out type);

    /// <summary>The numpy/Zarr name, e.g. <c>uint64</c>.</summary>
    public static string Name(this DataType type) => type.ToString().ToLowerInvariant();

    /// <summary>Size of one element in bytes.</summary>
    public static int Size(this DataType type) => type switch
    {
        DataType.Int8 or DataType.UInt8 => 1,
        DataType.Int16 or DataType.UInt16 => 2,
        DataType.Int32 or DataType.UInt32 or DataType.Float32 => 4,
        _ => 8,
    };

    /// <summary>True for <c>float32</c> and <c>float64</c>.</summary>
    public static bool IsFloatingPoint(this DataType type) => type is DataType.Float32 or DataType.Float64;

    /// <summary>True when every value of an integer type fits exactly in a double (so can be a fill value).</summary>
    public static bool CanHold(this DataType type, double value) => type switch
    {
        DataType.Float32 or DataType.Float64 => true,
        _ when !double.IsFinite(value) || Math.Truncate(value) != value => false,
        DataType.Int8 => value is >= sbyte.MinValue and <= sbyte.MaxValue,
        DataType.Int16 => value is >= short.MinValue and <= short.MaxValue,
        DataType.Int32 => value is >= int.MinValue and <= int.MaxValue,
        DataType.UInt8 => value is >= 0 and <= byte.MaxValue,
        DataType.UInt16 => value is >= 0 and <= ushort.MaxValue,
        DataType.UInt32 => value is >= 0 and <= uint.MaxValue,
        // 64-bit integers: only values a double holds exactly, so fill values survive the round trip.
        DataType.Int64 or DataType.UInt64 => Math.Abs(value) <= (1L << 53) && (type == DataType.Int64 || value >= 0),
        _ => false,
    };

    /// <summary>A new zero-filled array of <paramref name="length"/> elements of <paramref name="type"/>.</summary>
    public static Array CreateArray(this DataType type, int length) => type switch
    {
        DataType.Int8 => new sbyte[length],
        DataType.Int16 => new short[length],
        DataType.Int32 => new int[length],
        DataType.Int64 => new long[length],
        DataType.UInt8 => new byte[length],
        DataType.UInt16 => new ushort[length],
        DataType.UInt32 => new uint[length],
        DataType.UInt64 => new ulong[length],
        DataType.Float32 => new float[length],
        DataType.Float64 => new double[length],
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The bytes of a typed array as the machine holds them (little-endian on every supported platform).</summary>
    public static ReadOnlySpan<byte> AsBytes(Array values) => values switch
    {
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        byte[] a => a,
        ushort[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        uint[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ulong[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new ArgumentException($"Unsupported array type {values.GetType()}.", nameof(values)),
    };

    /// <summary>
    /// Stores a float64 result into a typed array, rounding once as numpy's <c>astype</c> does: floats round to
    /// nearest, integers truncate toward zero; NaN (or a value out of range) becomes the fill value for integer types.
    /// </summary>
    public static void Store(Array target, int index, double value, double fillValue)
    {
        switch (target)
        {
            case float[] a: a[index] = (float)value; break;
            case double[] a: a[index] = value; break;
            case sbyte[] a: a[index] = (sbyte)ToInteger(value, fillValue, sbyte.MinValue, sbyte.MaxValue); break;
            case short[] a: a[index] = (short)ToInteger(value, fillValue, short.MinValue, short.MaxValue); break;
            case int[] a: a[index] = (int)ToInteger(value, fillValue, int.MinValue, int.MaxValue); break;
            case long[] a: a[index] = (long)ToInteger(value, fillValue, long.MinValue, 9.2233720368547748E+18); break;
            case byte[] a: a[index] = (byte)ToInteger(value, fillValue, 0, byte.MaxValue); break;
            case ushort[] a: a[index] = (ushort)ToInteger(value, fillValue, 0, ushort.MaxValue); break;
            case uint[] a: a[index] = (uint)ToInteger(value, fillValue, 0, uint.MaxValue); break;
            case ulong[] a: a[index] = ToUInt64(value, fillValue); break;
            default: throw new ArgumentException($"Unsupported array type {target.GetType()}.", nameof(target));
        }
    }

    /// <summary>Element <paramref name="index"/> of a typed array as a double (for tests and reports).</summary>
    public static double GetDouble(Array values, int index) => values switch
    {
        sbyte[] a => a[index],
        short[] a => a[index],
        int[] a => a[index],
        long[] a => a[index],
        byte[] a => a[index],
        ushort[] a => a[index],
        uint[] a => a[index],
        ulong[] a => a[index],
        float[] a => a[index],
        double[] a => a[index],
        _ => throw new ArgumentException($"Unsupported array type {values.GetType()}.", nameof(values)),
    };

    private static double ToInteger(double value, double fillValue, double min, double max)
    {
        var truncated = Math.Truncate(value);
        return double.IsNaN(value) || truncated < min || truncated > max ? fillValue : truncated;
    }

    private static ulong ToUInt64(double value, double fillValue)
    {
        var truncated = Math.Truncate(value);
        return double.IsNaN(value) || truncated < 0 || truncated >= 18446744073709551616.0 ? (ulong)fillValue : (ulong)truncated;
    }
}
