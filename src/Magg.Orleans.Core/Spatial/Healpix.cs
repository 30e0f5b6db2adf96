using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Magg.Orleans.Core.Spatial;

/// <summary>
/// HEALPix NESTED pixelisation of the sphere (Górski et al. 2005) for orders 0..18.
/// Latitude and longitude in degrees are taken as spherical coordinates (no authalic conversion).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="LatLonToNested(double, double, int)"/> reproduces healpy's <c>ang2pix(nside, lon, lat, nest=True,
/// lonlat=True)</c> bit for bit: the same conversion to colatitude (<c>pi/2 - lat * (pi/180)</c>), the same
/// switch to the sine of the colatitude near the poles, and the same floating-point operations in the same order,
/// so points on base-cell and pixel boundaries fall in the same pixel as in healpy.
/// </para>
/// <para>Example: lat -75, lon 0 at order 18 is pixel 558885382178 (base cell 8).</para>
/// </remarks>
public static class Healpix
{
    /// <summary>The finest supported order; its pixels are about 25 m across.</summary>
    public const int MaxOrder = 18;

    private const double HalfPi = Math.PI / 2.0;
    private const double DegreesToRadians = Math.PI / 180.0;
    private const double RadiansToDegrees = 180.0 / Math.PI;
    private const double InverseHalfPi = 0.6366197723675813430755350534900574;
    private const double TwoThirds = 2.0 / 3.0;

    // Per base cell: the ring index of its southern corner (in units of nside) and its longitude offset (in units of pi/4).
    private static ReadOnlySpan<byte> RingOfCorner => [2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4];
    private static ReadOnlySpan<byte> LongitudeOfCorner => [1, 3, 5, 7, 0, 2, 4, 6, 1, 3, 5, 7];

    /// <summary>Number of pixels at <paramref name="order"/>: 12 * 4^order.</summary>
    public static long PixelCount(int order) => 12L << (2 * CheckOrder(order));

    /// <summary>The NESTED pixel holding a point given in degrees.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Latitude outside [-90, 90], non-finite input, or a bad order.</exception>
    public static long LatLonToNested(double latitude, double longitude, int order)
    {
        CheckOrder(order);
        if (!IsValidLatitude(latitude) || !double.IsFinite(longitude))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), $"({latitude}, {longitude}) is not a valid latitude/longitude in degrees.");
        }

        return LatLonToNestedUnchecked(latitude, longitude, order);
    }

    /// <summary>
    /// Converts points to NESTED pixels. Points with a non-finite coordinate or a latitude outside [-90, 90] get -1.
    /// </summary>
    public static void LatLonToNested(ReadOnlySpan<double> latitudes, ReadOnlySpan<double> longitudes, int order, Span<long> nested)
    {
        CheckOrder(order);
        if (latitudes.Length != longitudes.Length || nested.Length < latitudes.Length)
        {
            throw new ArgumentException("Latitude, longitude and output spans must have the same length.");
        }

        for (var i = 0; i < latitudes.Length; i++)
        {
            var lat = latitudes[i];
            var lon = longitudes[i];
            nested[i] = IsValidLatitude(lat) && double.IsFinite(lon) ? LatLonToNestedUnchecked(lat, lon, order) : -1;
        }
    }

    /// <summary>The centre of a NESTED pixel as (latitude, longitude) in degrees, longitude in [0, 360).</summary>
    public static (double Latitude, double Longitude) NestedToLatLon(long nested, int order)
    {
        var (face, ix, iy) = NestedToFace(nested, order);
        var nside = 1L << order;
        var (theta, phi) = FaceToAngles((ix + 0.5) / nside, (iy + 0.5) / nside, face);
        return (90.0 - theta * RadiansToDegrees, phi * RadiansToDegrees);
    }

    /// <summary>
    /// The four corners of a NESTED pixel as (latitude, longitude) in degrees, in healpy's order
    /// (north, west, south, east), longitudes in [0, 360).
    /// </summary>
    public static (double Latitude, double Longitude)[] Boundary(long nested, int order) => BoundaryPoints(nested, order, 1);

    /// <summary>
    /// Points on the boundary of a NESTED pixel, <paramref name="step"/> per edge, as healpy's
    /// <c>boundaries(nside, pix, step, nest=True)</c>: starting at the north corner and going round through the west,
    /// south and east corners (so point <c>k * step</c> is corner k). The edges are not great circles; these points lie
    /// exactly on them. Latitude and longitude in degrees, longitudes in [0, 360).
    /// </summary>
    public static (double Latitude, double Longitude)[] BoundaryPoints(long nested, int order, int step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        var (face, ix, iy) = NestedToFace(nested, order);
        double nside = 1L << order;
        var half = 0.5 / nside;
        var xc = (ix + 0.5) / nside;
        var yc = (iy + 0.5) / nside;
        var d = 1.0 / (step * nside);
        var result = new (double, double)[4 * step];
        for (var i = 0; i < step; i++)
        {
            result[i] = ToLatLon(FaceToAngles(xc + half - i * d, yc + half, face));
            result[i + step] = ToLatLon(FaceToAngles(xc - half, yc + half - i * d, face));
            result[i + 2 * step] = ToLatLon(FaceToAngles(xc - half + i * d, yc - half, face));
            result[i + 3 * step] = ToLatLon(FaceToAngles(xc + half, yc - half + i * d, face));
        }

        return result;
    }

    private static (double Latitude, double Longitude) ToLatLon((double Theta, double Phi) angles) =>
        (90.0 - angles.Theta * RadiansToDegrees, angles.Phi * RadiansToDegrees);

    private static bool IsValidLatitude(double latitude) => latitude is >= -90.0 and <= 90.0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long LatLonToNestedUnchecked(double latitude, double longitude, int order)
    {
        // healpy: theta = pi/2 - radians(lat), phi = radians(lon); ang2pix uses sin(theta) within 0.01 rad of a pole.
        var theta = HalfPi - latitude * DegreesToRadians;
        var phi = longitude * DegreesToRadians;
        var z = Math.Cos(theta);
        var nearPole = theta < 0.01 || theta > 3.14159 - 0.01;
        return LocationToNested(z, phi, nearPole ? Math.Sin(theta) : 0.0, nearPole, order);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long LocationToNested(double z, double phi, double sinTheta, bool haveSinTheta, int order)
    {
        long nside = 1L << order;
        double nsideD = nside;
        var za = Math.Abs(z);
        var tt = PositiveModulo(phi * InverseHalfPi, 4.0);

        if (za <= TwoThirds)
        {
            // Equatorial belt: the two families of edge lines crossing the point identify face and in-face position.
            var temp1 = nsideD * (0.5 + tt);
            var temp2 = nsideD * (z * 0.75);
            var jp = (long)(temp1 - temp2);
            var jm = (long)(temp1 + temp2);
            var ifp = jp >> order;
            var ifm = jm >> order;
            var face = ifp == ifm ? (ifp | 4) : (ifp < ifm ? ifp : ifm + 8);
            var ix = jm & (nside - 1);
            var iy = nside - (jp & (nside - 1)) - 1;
            return FaceToNested(ix, iy, (int)face, order);
        }

        // Polar caps.
        var ntt = Math.Min(3, (int)tt);
        var tp = tt - ntt;
        var tmp = za < 0.99 || !haveSinTheta
            ? nsideD * Math.Sqrt(3 * (1 - za))
            : nsideD * sinTheta / Math.Sqrt((1.0 + za) / 3.0);
        var jpPolar = Math.Min((long)(tp * tmp), nside - 1);
        var jmPolar = Math.Min((long)((1.0 - tp) * tmp), nside - 1);
        return z >= 0
            ? FaceToNested(nside - jmPolar - 1, nside - jpPolar - 1, ntt, order)
            : FaceToNested(jpPolar, jmPolar, ntt + 8, order);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PositiveModulo(double value, double modulus)
    {
        if (value >= 0)
        {
            return value < modulus ? value : value % modulus;
        }

        var shifted = value % modulus + modulus;
        return shifted == modulus ? 0.0 : shifted;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long FaceToNested(long ix, long iy, int face, int order) =>
        ((long)face << (2 * order)) | (long)SpreadBits((ulong)ix) | ((long)SpreadBits((ulong)iy) << 1);

    private static (int Face, long Ix, long Iy) NestedToFace(long nested, int order)
    {
        CheckOrder(order);
        if (nested < 0 || nested >= PixelCount(order))
        {
            throw new ArgumentOutOfRangeException(nameof(nested), $"{nested} is not a pixel at order {order}.");
        }

        var face = (int)(nested >> (2 * order));
        var address = (ulong)nested & ((1UL << (2 * order)) - 1);
        return (face, (long)CompactBits(address), (long)CompactBits(address >> 1));
    }

    /// <summary>Position (x, y in [0, 1]) inside a base cell to (colatitude, longitude in [0, 2pi)), both in radians.</summary>
    private static (double Theta, double Phi) FaceToAngles(double x, double y, int face)
    {
        var jr = RingOfCorner[face] - x - y;
        double nr;
        double z;
        var sinTheta = double.NaN;
        if (jr < 1)
        {
            nr = jr;
            var t = nr * nr / 3.0;
            z = 1 - t;
            if (z > 0.8)
            {
                sinTheta = Math.Sqrt(t * (2.0 - t));
            }
        }
        else if (jr > 3)
        {
            nr = 4 - jr;
            var t = nr * nr / 3.0;
            z = t - 1;
            if (z < -0.8)
            {
                sinTheta = Math.Sqrt(t * (2.0 - t));
            }
        }
        else
        {
            nr = 1;
            z = (2 - jr) * 2.0 / 3.0;
        }

        var tmp = LongitudeOfCorner[face] * nr + x - y;
        if (tmp < 0)
        {
            tmp += 8;
        }

        if (tmp >= 8)
        {
            tmp -= 8;
        }

        var phi = nr < 1e-15 ? 0 : 0.5 * HalfPi * tmp / nr;
        // Near the poles acos(z) loses precision; the sine computed from the corner distance keeps it.
        var theta = double.IsNaN(sinTheta) ? Math.Acos(z) : Math.Atan2(sinTheta, z);
        return (theta, phi);
    }

    /// <summary>Moves bit i of <paramref name="value"/> (i &lt; 32) to bit 2i.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SpreadBits(ulong value)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.ParallelBitDeposit(value, 0x5555_5555_5555_5555UL);
        }

        value &= 0xFFFF_FFFFUL;
        value = (value | (value << 16)) & 0x0000_FFFF_0000_FFFFUL;
        value = (value | (value << 8)) & 0x00FF_00FF_00FF_00FFUL;
        value = (value | (value << 4)) & 0x0F0F_0F0F_0F0F_0F0FUL;
        value = (value | (value << 2)) & 0x3333_3333_3333_3333UL;
        value = (value | (value << 1)) & 0x5555_5555_5555_5555UL;
        return value;
    }

    /// <summary>Inverse of <see cref="SpreadBits"/>: gathers the even bits of <paramref name="value"/>.</summary>
    private static ulong CompactBits(ulong value)
    {
        value &= 0x5555_5555_5555_5555UL;
        value = (value | (value >> 1)) & 0x3333_3333_3333_3333UL;
        value = (value | (value >> 2)) & 0x0F0F_0F0F_0F0F_0F0FUL;
        value = (value | (value >> 4)) & 0x00FF_00FF_00FF_00FFUL;
        value = (value | (value >> 8)) & 0x0000_FFFF_0000_FFFFUL;
        value = (value | (value >> 16)) & 0x0000_0000_FFFF_FFFFUL;
        return value;
    }

    internal static int CheckOrder(int order) =>
        order is >= 0 and <= MaxOrder
            ? order
            : throw new ArgumentOutOfRangeException(nameof(order), $"HEALPix order must be in 0..{MaxOrder}, got {order}.");
}
