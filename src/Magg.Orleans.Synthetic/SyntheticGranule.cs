using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Synthetic;

/// <summary>The content of one synthetic granule: its track and the columns of its six beams.</summary>
/// <param name="Track">The ground track it samples.</param>
/// <param name="Beams">One entry per beam group, in <see cref="Atl06Layout.Groups"/> order.</param>
public sealed record SyntheticGranule(SyntheticTrack Track, IReadOnlyList<SyntheticBeam> Beams)
{
    /// <summary>The ATL06 file name of the granule.</summary>
    public string Name => Track.GranuleName;

    /// <summary>Segments over all beams.</summary>
    public long Rows => Beams.Sum(b => (long)b.Rows);

    /// <summary>
    /// Rows per parent cell at <paramref name="parentOrder"/> (keyed by decimal morton), binned exactly as the
    /// granule reader bins them (order-18 NESTED pixel of the float64 coordinates, clipped to the parent order).
    /// </summary>
    public IReadOnlyDictionary<long, SyntheticCellCount> CountByParent(int parentOrder)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parentOrder);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parentOrder, Morton.MaxOrder);
        var shift = 2 * (Morton.MaxOrder - parentOrder);
        var counts = new Dictionary<long, (long Rows, long Valid)>();
        foreach (var beam in Beams)
        {
            var pixels = new long[beam.Rows];
            Healpix.LatLonToNested(beam.Latitude, beam.Longitude, Morton.MaxOrder, pixels);
            for (var row = 0; row < beam.Rows; row++)
            {
                if (pixels[row] < 0 || !beam.HasCoordinates(row))
                {
                    continue;
                }

                var parent = pixels[row] >> shift;
                counts.TryGetValue(parent, out var count);
                counts[parent] = (count.Rows + 1, count.Valid + (beam.IsValid(row) ? 1 : 0));
            }
        }

        return counts.ToDictionary(c => Morton.FromNested(c.Key, parentOrder), c => new SyntheticCellCount(c.Value.Rows, c.Value.Valid));
    }
}
