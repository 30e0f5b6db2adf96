namespace Magg.Orleans.Synthetic;

/// <summary>
/// Fills the six beams of a <see cref="SyntheticTrack"/>: positions from the orbit geometry, <c>h_li</c> from a smooth
/// ice surface plus noise of size <c>h_li_sigma</c>, runs of flagged segments, and a few fill values and NaNs.
/// Deterministic: the same track and options give the same values.
/// </summary>
public static class SyntheticGranuleGenerator
{
    /// <summary>Generates the granule content in memory.</summary>
    public static SyntheticGranule Generate(SyntheticTrack track, SyntheticOptions options)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var arc = new OrbitArc(track);
        var rows = arc.Segments;
        var groups = Atl06Layout.Groups;
        var offsets = Enumerable.Range(0, groups.Count).Select(Atl06Layout.CrossTrackOffsetMeters).ToArray();
        var beams = groups.Select(g => new SyntheticBeam(g, new double[rows], new double[rows], new float[rows], new float[rows],
            new sbyte[rows], new double[rows], new int[rows])).ToArray();

        var latitudes = new double[groups.Count];
        var longitudes = new double[groups.Count];
        for (var segment = 0; segment < rows; segment++)
        {
            arc.Positions(segment, offsets, latitudes, longitudes);
            var deltaTime = arc.DeltaTime(segment);
            var segmentId = arc.SegmentId(segment);
            for (var b = 0; b < beams.Length; b++)
            {
                beams[b].Latitude[segment] = latitudes[b];
                beams[b].Longitude[segment] = longitudes[b];
                beams[b].DeltaTime[segment] = deltaTime;
                beams[b].SegmentId[segment] = segmentId;
            }
        }

        for (var b = 0; b < beams.Length; b++)
        {
            // One stream per beam, so a beam's values do not depend on how many draws the others made.
            var random = new Random(unchecked(options.Seed * 7919 + b));
            FillMeasurements(beams[b], weakBeam: b % 2 == 1, options, random);
        }

        return new SyntheticGranule(track, beams);
    }

    private static void FillMeasurements(SyntheticBeam beam, bool weakBeam, SyntheticOptions options, Random random)
    {
        var leaveFlagged = 1.0 / options.MeanFlaggedRun;
        var enterFlagged = leaveFlagged * options.FlaggedFraction / (1.0 - options.FlaggedFraction);
        var flagged = random.NextDouble() < options.FlaggedFraction;
        var sigmaScale = weakBeam ? 2.0 : 1.0;
        for (var row = 0; row < beam.Rows; row++)
        {
            flagged = flagged ? random.NextDouble() >= leaveFlagged : random.NextDouble() < enterFlagged;
            var sigma = sigmaScale * (0.015 + 0.25 * Math.Pow(random.NextDouble(), 4));
            var height = IceSurface.Height(beam.Latitude[row], beam.Longitude[row]) + sigma * Gaussian(random);
            beam.Quality[row] = (sbyte)(flagged ? 1 : 0);
            beam.Height[row] = (float)height;
            beam.HeightSigma[row] = (float)sigma;

            if (flagged)
            {
                if (random.NextDouble() < options.FlaggedFillFraction)
                {
                    beam.Height[row] = Atl06Layout.Float32Fill;
                    beam.HeightSigma[row] = Atl06Layout.Float32Fill;
                }
                else
                {
                    // A flagged segment that still has a height is typically a cloud or blunder return.
                    beam.Height[row] = (float)(height + 40.0 * Gaussian(random));
                    beam.HeightSigma[row] = (float)(sigma * 10.0);
                }
            }
            else if (random.NextDouble() < options.FillFraction)
            {
                SetOne(beam, row, random, Atl06Layout.Float32Fill);
            }
            else if (random.NextDouble() < options.NaNFraction)
            {
                SetOne(beam, row, random, float.NaN);
            }

            if (random.NextDouble() < options.CoordinateFillFraction)
            {
                if (random.NextDouble() < 0.5)
                {
                    beam.Latitude[row] = Atl06Layout.Float64Fill;
                }
                else
                {
                    beam.Longitude[row] = Atl06Layout.Float64Fill;
                }
            }
        }
    }

    private static void SetOne(SyntheticBeam beam, int row, Random random, float value)
    {
        if (random.NextDouble() < 0.5)
        {
            beam.Height[row] = value;
        }
        else
        {
            beam.HeightSigma[row] = value;
        }
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
