using System.Globalization;

namespace Magg.Orleans.Synthetic;

/// <summary>
/// One granule's stretch of an ICESat-2 ground track: a great-circle orbit of inclination 92° (so latitudes reach
/// ±88°) under a rotating Earth, centred on a crossing point and <paramref name="LengthKm"/> long, sampled every
/// 20 m along track for each of the six beams.
/// </summary>
/// <param name="CrossingLatitude">Latitude (degrees, within ±88) where the reference track passes at <paramref name="CrossingTime"/>.</param>
/// <param name="CrossingLongitude">Longitude (degrees) of that point.</param>
/// <param name="Direction">Whether the track heads north or south there.</param>
/// <param name="LengthKm">Along-track length of the granule, centred on the crossing point.</param>
/// <param name="ReferenceGroundTrack">Reference ground track number (1..1387), used in the granule name.</param>
/// <param name="Cycle">Orbit cycle number, used in the granule name.</param>
/// <param name="CrossingTime">When the spacecraft passes the crossing point.</param>
public sealed record SyntheticTrack(
    double CrossingLatitude,
    double CrossingLongitude,
    TrackDirection Direction,
    double LengthKm,
    int ReferenceGroundTrack,
    int Cycle,
    DateTimeOffset CrossingTime)
{
    /// <summary>Orbit inclination of ICESat-2.</summary>
    public const double InclinationDegrees = 92.0;

    /// <summary>Highest latitude a ground track reaches.</summary>
    public const double MaxLatitude = 180.0 - InclinationDegrees;

    /// <summary>Orbit period of ICESat-2.</summary>
    public const double OrbitPeriodSeconds = 5653.0;

    /// <summary>Epoch of ATL06 <c>delta_time</c> (ATLAS SDP GPS epoch, taken as UTC).</summary>
    public static DateTimeOffset AtlasEpoch { get; } = new(2018, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Number of 20 m segments per beam.</summary>
    public int SegmentsPerBeam => (int)Math.Max(1, Math.Round(LengthKm * 1000.0 / Atl06Layout.SegmentLengthMeters));

    /// <summary>Time of the first segment.</summary>
    public DateTimeOffset StartTime => new OrbitArc(this).StartTime;

    /// <summary>The granule file name in the ATL06 convention, e.g. <c>ATL06_20240206054204_08782211_006_02.h5</c>.</summary>
    public string GranuleName
    {
        get
        {
            var arc = new OrbitArc(this);
            return string.Create(CultureInfo.InvariantCulture,
                $"ATL06_{arc.StartTime.UtcDateTime:yyyyMMddHHmmss}_{ReferenceGroundTrack:0000}{Cycle:00}{arc.Region:00}_006_02.h5");
        }
    }

    /// <summary>Throws when the track cannot exist (crossing beyond ±88°, non-positive length, bad numbers).</summary>
    public void Validate()
    {
        if (!double.IsFinite(CrossingLatitude) || Math.Abs(CrossingLatitude) > MaxLatitude)
        {
            throw new ArgumentOutOfRangeException(nameof(CrossingLatitude), CrossingLatitude, $"A ground track only reaches ±{MaxLatitude}°.");
        }

        if (!double.IsFinite(CrossingLongitude))
        {
            throw new ArgumentOutOfRangeException(nameof(CrossingLongitude), CrossingLongitude, "Longitude must be finite.");
        }

        if (!double.IsFinite(LengthKm) || LengthKm <= 0 || LengthKm > 20_000)
        {
            throw new ArgumentOutOfRangeException(nameof(LengthKm), LengthKm, "Length must be in (0, 20000] km.");
        }
    }
}
