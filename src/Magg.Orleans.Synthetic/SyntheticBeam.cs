using System.Diagnostics.CodeAnalysis;

namespace Magg.Orleans.Synthetic;

/// <summary>The <c>land_ice_segments</c> columns of one beam group, as written to the granule.</summary>
/// <param name="Group">Beam group name (<c>gt1l</c> .. <c>gt3r</c>).</param>
/// <param name="Latitude"><c>latitude</c> (float64, degrees).</param>
/// <param name="Longitude"><c>longitude</c> (float64, degrees in [-180, 180)).</param>
/// <param name="Height"><c>h_li</c> (float32, metres).</param>
/// <param name="HeightSigma"><c>h_li_sigma</c> (float32, metres).</param>
/// <param name="Quality"><c>atl06_quality_summary</c> (int8, 0 = good).</param>
/// <param name="DeltaTime"><c>delta_time</c> (float64, seconds since the ATLAS epoch).</param>
/// <param name="SegmentId"><c>segment_id</c> (int32).</param>
[SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Column data handed to the HDF5 writer as is.")]
public sealed record SyntheticBeam(
    string Group,
    double[] Latitude,
    double[] Longitude,
    float[] Height,
    float[] HeightSigma,
    sbyte[] Quality,
    double[] DeltaTime,
    int[] SegmentId)
{
    /// <summary>Number of segments.</summary>
    public int Rows => Latitude.Length;

    /// <summary>
    /// True when the ATL06 pipeline keeps the row: quality 0 and latitude, longitude, <c>h_li</c> and
    /// <c>h_li_sigma</c> finite and not the fill value.
    /// </summary>
    public bool IsValid(int row) =>
        Quality[row] == 0
        && HasCoordinates(row)
        && float.IsFinite(Height[row]) && Height[row] != Atl06Layout.Float32Fill
        && float.IsFinite(HeightSigma[row]) && HeightSigma[row] != Atl06Layout.Float32Fill;

    /// <summary>True when the row's latitude and longitude are finite and not the fill value.</summary>
    public bool HasCoordinates(int row) =>
        double.IsFinite(Latitude[row]) && Latitude[row] != Atl06Layout.Float64Fill
        && double.IsFinite(Longitude[row]) && Longitude[row] != Atl06Layout.Float64Fill;
}
