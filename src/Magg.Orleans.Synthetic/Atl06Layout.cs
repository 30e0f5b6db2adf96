namespace Magg.Orleans.Synthetic;

/// <summary>
/// The parts of the ICESat-2 ATL06 v006 layout the synthetic granules reproduce: six beam groups in three pairs,
/// <c>land_ice_segments</c> datasets with their types and <c>_FillValue</c>s, and the beam geometry.
/// </summary>
public static class Atl06Layout
{
    /// <summary>The beam groups, pair by pair (left beam first).</summary>
    public static IReadOnlyList<string> Groups { get; } = ["gt1l", "gt1r", "gt2l", "gt2r", "gt3l", "gt3r"];

    /// <summary>Group holding the segment datasets inside each beam group.</summary>
    public const string SegmentsGroup = "land_ice_segments";

    /// <summary><c>_FillValue</c> of the float32 datasets (<c>h_li</c>, <c>h_li_sigma</c>).</summary>
    public const float Float32Fill = float.MaxValue;

    /// <summary><c>_FillValue</c> of the float64 datasets (<c>latitude</c>, <c>longitude</c>, <c>delta_time</c>).</summary>
    public const double Float64Fill = double.MaxValue;

    /// <summary><c>_FillValue</c> of <c>atl06_quality_summary</c> (int8).</summary>
    public const sbyte QualityFill = sbyte.MaxValue;

    /// <summary><c>_FillValue</c> of <c>segment_id</c> (int32).</summary>
    public const int SegmentIdFill = int.MaxValue;

    /// <summary>Along-track spacing of land-ice segments.</summary>
    public const double SegmentLengthMeters = 20.0;

    /// <summary>Cross-track distance between the two beams of a pair.</summary>
    public const double PairBeamSeparationMeters = 90.0;

    /// <summary>Cross-track distance between neighbouring beam pairs.</summary>
    public const double PairSeparationMeters = 3300.0;

    /// <summary>Cross-track offset of a beam from the reference ground track (pair 2 straddles it).</summary>
    public static double CrossTrackOffsetMeters(int beamIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(beamIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(beamIndex, Groups.Count);
        var pair = beamIndex / 2 - 1;
        var side = beamIndex % 2 == 0 ? -0.5 : 0.5;
        return pair * PairSeparationMeters + side * PairBeamSeparationMeters;
    }
}
