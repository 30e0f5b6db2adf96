using System.Globalization;

namespace Magg.Orleans.Core.Spatial;

/// <summary>
/// The signed decimal morton index of mortie 0.6 / magg over HEALPix NESTED pixels.
/// </summary>
/// <remarks>
/// <para>
/// A pixel <c>p</c> at order <c>k</c> has base cell <c>b = p &gt;&gt; 2k</c> and in-base address
/// <c>a = p - b * 4^k</c>. Its <c>k</c> decimal digits are the 2-bit groups of <c>a</c> from the coarsest level
/// down, each plus one (so every digit is 1..4). Northern and equatorial base cells 0..5 give
/// <c>(b + 1) * 10^k + digits</c>; southern base cells 6..11 give <c>-((b - 5) * 10^k + digits)</c>.
/// </para>
/// <para>
/// Example (healpy golden vectors): lat -75, lon 0 is nested pixel 558885382178 at order 18, base cell 8, morton
/// -3131311133313311313; clipped to order 6 that is -3131311, nested 33312.
/// </para>
/// The number of digits after the leading one is the order, so a morton carries its own order.
/// </remarks>
public static class Morton
{
    /// <summary>The finest order a 64-bit decimal morton can hold.</summary>
    public const int MaxOrder = Healpix.MaxOrder;

    private static readonly long[] PowersOfTen = CreatePowersOfTen();

    // Byte v = four 2-bit levels, coarsest in the high bits -> the four decimal digits (each level + 1).
    private static readonly int[] FourLevelDigits = CreateFourLevelDigits();

    /// <summary>Morton index at <paramref name="order"/> of a point in degrees.</summary>
    public static long FromLatLon(double latitude, double longitude, int order) =>
        FromNested(Healpix.LatLonToNested(latitude, longitude, order), order);

    /// <summary>Morton index of a NESTED pixel, e.g. (33312, 6) gives -3131311.</summary>
    public static long FromNested(long nested, int order)
    {
        Healpix.CheckOrder(order);
        if (nested < 0 || nested >= Healpix.PixelCount(order))
        {
            throw new ArgumentOutOfRangeException(nameof(nested), $"{nested} is not a pixel at order {order}.");
        }

        return FromNestedUnchecked(nested, order);
    }

    /// <summary>Morton indices of NESTED pixels; a negative pixel (an invalid point) maps to 0.</summary>
    public static void FromNested(ReadOnlySpan<long> nested, int order, Span<long> mortons)
    {
        Healpix.CheckOrder(order);
        if (mortons.Length < nested.Length)
        {
            throw new ArgumentException("The output span is shorter than the input.", nameof(mortons));
        }

        var pixelCount = Healpix.PixelCount(order);
        for (var i = 0; i < nested.Length; i++)
        {
            var pixel = nested[i];
            mortons[i] = pixel >= 0 && pixel < pixelCount ? FromNestedUnchecked(pixel, order) : 0;
        }
    }

    /// <summary>The order a valid morton index is at: its number of digits minus one.</summary>
    public static int OrderOf(long morton)
    {
        Validate(morton);
        return DigitCount(morton) - 1;
    }

    /// <summary>NESTED pixel of a morton index at its own order; -3131311 gives 33312 (order 6).</summary>
    public static long ToNested(long morton)
    {
        Validate(morton);
        var order = DigitCount(morton) - 1;
        var magnitude = Math.Abs(morton);
        var leading = magnitude / PowersOfTen[order];
        long baseCell = morton > 0 ? leading - 1 : leading + 5;
        var rest = magnitude - leading * PowersOfTen[order];
        long address = 0;
        for (var level = order - 1; level >= 0; level--)
        {
            var digit = rest / PowersOfTen[level];
            rest -= digit * PowersOfTen[level];
            address = (address << 2) | (digit - 1);
        }

        return (baseCell << (2 * order)) | address;
    }

    /// <summary>Truncates to a coarser order, keeping the sign: Clip(-3131311133313, 6) is -3131311.</summary>
    public static long Clip(long morton, int order)
    {
        var current = OrderOf(morton);
        if (order < 0 || order > current)
        {
            throw new ArgumentOutOfRangeException(nameof(order), $"Cannot clip morton {morton} (order {current}) to order {order}.");
        }

        return morton / PowersOfTen[current - order];
    }

    /// <summary>The enclosing cell one order coarser.</summary>
    public static long Parent(long morton) => Clip(morton, OrderOf(morton) - 1);

    /// <summary>
    /// All 4^(childOrder - order) descendants of <paramref name="parent"/> at <paramref name="childOrder"/>,
    /// in ascending NESTED order (the order of the stored <c>cell_ids</c>).
    /// </summary>
    public static long[] Children(long parent, int childOrder)
    {
        var count = ChildCount(parent, childOrder);
        var mortons = new long[count];
        Children(parent, childOrder, mortons, default);
        return mortons;
    }

    /// <summary>Fills the descendants' mortons and, when <paramref name="nested"/> is not empty, their NESTED ids.</summary>
    public static void Children(long parent, int childOrder, Span<long> mortons, Span<ulong> nested)
    {
        var order = OrderOf(parent);
        var count = ChildCount(parent, childOrder);
        if (mortons.Length < count || (!nested.IsEmpty && nested.Length < count))
        {
            throw new ArgumentException($"Spans must hold {count} children.");
        }

        var levels = childOrder - order;
        var scaled = parent * PowersOfTen[levels];
        var sign = parent > 0 ? 1 : -1;
        var firstNested = (ulong)ToNested(parent) << (2 * levels);
        for (var i = 0; i < count; i++)
        {
            mortons[i] = scaled + sign * Digits((ulong)i, levels);
            if (!nested.IsEmpty)
            {
                nested[i] = firstNested + (ulong)i;
            }
        }
    }

    /// <summary>Number of descendants at <paramref name="childOrder"/>: 4^(childOrder - order).</summary>
    public static int ChildCount(long parent, int childOrder)
    {
        var order = OrderOf(parent);
        if (childOrder < order || childOrder > MaxOrder || childOrder - order > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(childOrder),
                $"Child order {childOrder} must be in {order}..{Math.Min(MaxOrder, order + 12)} for parent {parent} (order {order}).");
        }

        return 1 << (2 * (childOrder - order));
    }

    /// <summary>True when <paramref name="morton"/> is a well-formed index: lead digit 1..6, then digits 1..4.</summary>
    public static bool IsValid(long morton)
    {
        if (morton == 0 || morton == long.MinValue)
        {
            return false;
        }

        var digits = DigitCount(morton);
        if (digits - 1 > MaxOrder)
        {
            return false;
        }

        var magnitude = Math.Abs(morton);
        var leading = magnitude / PowersOfTen[digits - 1];
        if (leading is < 1 or > 6)
        {
            return false;
        }

        for (var rest = magnitude % PowersOfTen[digits - 1]; digits > 1; digits--, rest /= 10)
        {
            if (rest % 10 is < 1 or > 4)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses a catalog key such as "-4211322"; the error names the key and what is wrong with it.</summary>
    public static long Parse(string text)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var morton) || !IsValid(morton))
        {
            throw new FormatException(
                $"'{text}' is not a morton index (a sign, a lead digit 1-6, then one digit 1-4 per order, at most {MaxOrder}).");
        }

        return morton;
    }

    private static long FromNestedUnchecked(long nested, int order)
    {
        var baseCell = nested >> (2 * order);
        var address = (ulong)nested & ((1UL << (2 * order)) - 1);
        var digits = Digits(address, order);
        return baseCell < 6
            ? (baseCell + 1) * PowersOfTen[order] + digits
            : -((baseCell - 5) * PowersOfTen[order] + digits);
    }

    /// <summary>The decimal digit string (1..4 per level) of an in-base address with <paramref name="levels"/> levels.</summary>
    private static long Digits(ulong address, int levels)
    {
        long result = 0;
        var shift = 2 * levels;
        for (var leading = levels & 3; leading > 0; leading--)
        {
            shift -= 2;
            result = result * 10 + (long)((address >> shift) & 3) + 1;
        }

        while (shift > 0)
        {
            shift -= 8;
            result = result * 10_000 + FourLevelDigits[(int)((address >> shift) & 0xFF)];
        }

        return result;
    }

    private static int DigitCount(long morton)
    {
        var magnitude = Math.Abs(morton);
        var count = 1;
        while (count < PowersOfTen.Length && magnitude >= PowersOfTen[count])
        {
            count++;
        }

        return count;
    }

    private static void Validate(long morton)
    {
        if (!IsValid(morton))
        {
            throw new ArgumentOutOfRangeException(nameof(morton), $"{morton} is not a valid morton index.");
        }
    }

    private static long[] CreatePowersOfTen()
    {
        var powers = new long[19];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    private static int[] CreateFourLevelDigits()
    {
        var table = new int[256];
        for (var v = 0; v < 256; v++)
        {
            table[v] = (((v >> 6) & 3) + 1) * 1000 + (((v >> 4) & 3) + 1) * 100 + (((v >> 2) & 3) + 1) * 10 + (v & 3) + 1;
        }

        return table;
    }
}
