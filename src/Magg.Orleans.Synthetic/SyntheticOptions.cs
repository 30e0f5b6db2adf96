using System.IO.Compression;

namespace Magg.Orleans.Synthetic;

/// <summary>How one synthetic granule is filled and stored. The same options and track give the same bytes.</summary>
public sealed record SyntheticOptions
{
    /// <summary>Seed of the noise, quality flags, fill values and NaNs.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>HDF5 chunk length of every segment dataset (ATL06 uses 10000).</summary>
    public int ChunkSize { get; init; } = 10_000;

    /// <summary>Store chunks with shuffle + deflate (as ATL06); false stores them unfiltered.</summary>
    public bool Compress { get; init; } = true;

    /// <summary>
    /// Deflate level when <see cref="Compress"/> is set: <see cref="CompressionLevel.Optimal"/> is zlib level 6 (as
    /// ATL06), <see cref="CompressionLevel.Fastest"/> level 1 (about three times faster to write).
    /// </summary>
    public CompressionLevel DeflateLevel { get; init; } = CompressionLevel.Optimal;

    /// <summary>Long-run fraction of segments with <c>atl06_quality_summary</c> = 1 (they come in runs, like clouds).</summary>
    public double FlaggedFraction { get; init; } = 0.06;

    /// <summary>Mean length (segments) of a run of flagged segments.</summary>
    public double MeanFlaggedRun { get; init; } = 40;

    /// <summary>Fraction of flagged segments whose <c>h_li</c> and <c>h_li_sigma</c> are the fill value (no surface found).</summary>
    public double FlaggedFillFraction { get; init; } = 0.5;

    /// <summary>Fraction of good (quality 0) segments with a fill value in <c>h_li</c> or <c>h_li_sigma</c>.</summary>
    public double FillFraction { get; init; } = 0.001;

    /// <summary>Fraction of good segments with NaN in <c>h_li</c> or <c>h_li_sigma</c>.</summary>
    public double NaNFraction { get; init; } = 0.0005;

    /// <summary>Fraction of segments with a fill value in <c>latitude</c> or <c>longitude</c>.</summary>
    public double CoordinateFillFraction { get; init; } = 0.0002;

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ChunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MeanFlaggedRun, 1.0);
        CheckFraction(FlaggedFraction, nameof(FlaggedFraction), upper: 0.99);
        CheckFraction(FlaggedFillFraction, nameof(FlaggedFillFraction), upper: 1.0);
        CheckFraction(FillFraction, nameof(FillFraction), upper: 1.0);
        CheckFraction(NaNFraction, nameof(NaNFraction), upper: 1.0);
        CheckFraction(CoordinateFillFraction, nameof(CoordinateFillFraction), upper: 1.0);
    }

    private static void CheckFraction(double value, string name, double upper)
    {
        if (!(value >= 0 && value <= upper))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be in [0, {upper}].");
        }
    }
}
