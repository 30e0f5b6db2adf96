using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Spatial;

namespace Magg.Orleans.Core.Tests.Granules;

/// <summary>
/// The latitude window a cell's rows are searched in (from the pixel's corners) holds every point of the cell: sampled
/// densely over pixels of every kind (equatorial, polar cap, touching a pole, both hemispheres) at several orders.
/// </summary>
public sealed class LatitudeWindowTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(9)]
    public void LatitudeWindow_PointsAllOverTheSphere_FallInTheirCellsWindow(int order)
    {
        var random = new Random(order);
        var selections = new Dictionary<long, CellSelection>();
        for (var i = 0; i < 200_000; i++)
        {
            // Uniform on the sphere, with extra points near the poles and the cap boundaries (|z| = 2/3).
            var z = (i % 4) switch
            {
                0 => (2 * random.NextDouble()) - 1,
                1 => Math.Sign(random.NextDouble() - 0.5) * (1 - (1e-3 * random.NextDouble())),
                _ => Math.Sign(random.NextDouble() - 0.5) * ((2.0 / 3) + (0.02 * (random.NextDouble() - 0.5))),
            };
            var latitude = Math.Asin(z) * 180 / Math.PI;
            var longitude = (360 * random.NextDouble()) - 180;
            var nested = Healpix.LatLonToNested(latitude, longitude, order);
            if (!selections.TryGetValue(nested, out var cell))
            {
                selections[nested] = cell = new CellSelection(Morton.FromNested(nested, order), Math.Min(order + 6, Morton.MaxOrder));
            }

            Assert.InRange(latitude, cell.LatitudeLow, cell.LatitudeHigh);
        }
    }
}
