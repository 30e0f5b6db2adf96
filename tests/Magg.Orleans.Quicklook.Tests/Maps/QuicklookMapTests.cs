using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Magg.Orleans.Core.Spatial;
using Magg.Orleans.Quicklook.Maps;
using Magg.Orleans.Quicklook.Tests.Support;
using Magg.Orleans.Storage.Objects;
using Magg.Orleans.Storage.Zarr;
using Magg.Orleans.TestSupport;
using SkiaSharp;

namespace Magg.Orleans.Quicklook.Tests.Maps;

/// <summary>Maps of stores with known values: the PNG, its size, cell colours, transparency, projection and order choices.</summary>
public sealed class QuicklookMapTests : IDisposable
{
    private const int AbsentParent = 1;

    private readonly TemporaryFolder _folder = new();
    private readonly LocalObjectStore _objects;

    public QuicklookMapTests() => _objects = new LocalObjectStore(_folder.Path);

    public void Dispose()
    {
        _objects.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task Render_KnownCells_EachCellsPixelHasItsValuesColour()
    {
        // Arrange: three parents around 75 S; parent 0 holds 0..255 (every 7th child empty), parent 2 holds 300..555.
        var ct = TestContext.Current.CancellationToken;
        var sample = await WriteSouthAsync(ct);
        var request = new MapRequest { Variable = "h", VMin = 0, VMax = 555, Width = 1000, Height = 800 };

        // Act
        var map = await QuicklookMap.RenderAsync(_objects, request, ct);
        using var image = Png.Decode(map.Png);

        // Assert
        Assert.Equal((1000, 800), (image.Width, image.Height));
        Assert.Equal((8, 8), (map.CellOrder, map.DisplayOrder));
        Assert.Equal(MapProjectionKind.SouthPolar, map.Projection);
        Assert.Equal(SKColor.Parse("440154"), Png.AtCell(image, map.Frame, sample.Children(0)[0], 8));
        Assert.Equal(SKColor.Parse("fde725"), Png.AtCell(image, map.Frame, sample.Children(2)[255], 8));
        var viridis = Colormap.Get("viridis");
        foreach (var index in new[] { 1, 50, 100, 200 })
        {
            var cell = sample.Children(2)[index];
            Assert.Equal(viridis.Map(sample.Values[cell], 0, 555), Png.AtCell(image, map.Frame, cell, 8));
        }
    }

    [Fact]
    public async Task Render_CellsWithoutValueAndUnwrittenChunks_AreTransparent()
    {
        var ct = TestContext.Current.CancellationToken;
        var sample = await WriteSouthAsync(ct);

        var map = await QuicklookMap.RenderAsync(_objects, new MapRequest { Variable = "h", Graticule = false }, ct);
        using var image = Png.Decode(map.Png);

        Assert.Equal(0, Png.AtCell(image, map.Frame, sample.Children(0)[3], 8).Alpha);
        Assert.Equal(0, Png.AtCell(image, map.Frame, sample.Children(0)[10], 8).Alpha);
        var unwrittenInView = sample.Children(AbsentParent).Where(cell => InArea(map.Frame, cell, 8)).ToList();
        Assert.True(unwrittenInView.Count >= 10, $"only {unwrittenInView.Count} cells of the unwritten parent are in view");
        Assert.All(unwrittenInView, cell => Assert.Equal(0, Png.AtCell(image, map.Frame, cell, 8).Alpha));

        Assert.Equal(255, Png.AtCell(image, map.Frame, sample.Children(0)[4], 8).Alpha);
        Assert.Equal(0, image.GetPixel(map.Frame.Area.Left + 2, map.Frame.Area.Top + 2).Alpha);
    }

    [Fact]
    public async Task Render_Defaults_RobustScaleFromTheDataAndTextFromTheEmbeddedFont()
    {
        var ct = TestContext.Current.CancellationToken;
        var sample = await WriteSouthAsync(ct);

        var map = await QuicklookMap.RenderAsync(_objects, new MapRequest { Variable = "h", Width = 640, Height = 480 }, ct);
        using var image = Png.Decode(map.Png);

        var values = sample.Values.Values.Order().ToArray();
        Assert.Equal((values[0], values[^1]), (map.DataMin, map.DataMax));
        Assert.Equal(Percentile(values, 0.02), map.VMin, 9);
        Assert.Equal(Percentile(values, 0.98), map.VMax, 9);
        Assert.Equal(("h", "8"), (map.Label, map.Group));
        var titlePixels = 0;
        for (var y = 0; y < map.Frame.Area.Top; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                titlePixels += image.GetPixel(x, y).Alpha > 128 ? 1 : 0;
            }
        }

        Assert.True(titlePixels > 300, $"the title band has {titlePixels} drawn pixels: text did not render");
    }

    [Theory]
    [InlineData(-75.0, 10.0, -72.0, 20.0, MapProjectionKind.SouthPolar)]
    [InlineData(72.0, -40.0, 78.0, -30.0, MapProjectionKind.NorthPolar)]
    [InlineData(-60.0, 170.0, 10.0, -170.0, MapProjectionKind.PlateCarree)]
    public async Task Render_NoProjectionAsked_ChoosesItFromTheHemisphere(double lat1, double lon1, double lat2, double lon2, MapProjectionKind expected)
    {
        var ct = TestContext.Current.CancellationToken;
        var parents = SampleStore.ParentsAt(4, (lat1, lon1), (lat2, lon2));
        var sample = await SampleStore.WriteAsync(_objects, 4, 7, parents, (_, _, i) => i, null, ct);

        var map = await QuicklookMap.RenderAsync(_objects, new MapRequest { Variable = "h", VMin = 0, VMax = 63 }, ct);
        using var image = Png.Decode(map.Png);

        Assert.Equal(expected, map.Projection);
        Assert.Equal(SKColor.Parse("440154"), Png.AtCell(image, map.Frame, sample.Children(0)[0], 7));
        Assert.Equal(SKColor.Parse("fde725"), Png.AtCell(image, map.Frame, sample.Children(parents.Length - 1)[63], 7));
    }

    [Fact]
    public async Task Render_CellsSmallerThanPixels_DrawsTheMeanAtACoarserOrder()
    {
        // Arrange: two order-6 parents 2000 km apart, children at order 12 (1.6 km) on a 400 x 300 image.
        var ct = TestContext.Current.CancellationToken;
        var parents = SampleStore.ParentsAt(6, (-75.0, 0.0), (-70.0, 60.0));
        var sample = await SampleStore.WriteAsync(_objects, 6, 12, parents, (_, nested, _) => nested % 97, null, ct, consolidate: false);

        // Act
        var map = await QuicklookMap.RenderAsync(_objects, new MapRequest { Variable = "h", Width = 400, Height = 300, VMin = 0, VMax = 96 }, ct);
        using var image = Png.Decode(map.Png);

        // Assert: the pixels over the first parent show the mean of the display cell their centre falls in.
        Assert.InRange(map.DisplayOrder, 6, 11);
        var shift = 2 * (12 - map.DisplayOrder);
        var means = sample.Values.GroupBy(v => v.Key >> shift).ToDictionary(g => g.Key, g => g.Average(v => v.Value));
        var viridis = Colormap.Get("viridis");
        var checkedPixels = 0;
        var (centreLatitude, centreLongitude) = Healpix.NestedToLatLon(Morton.ToNested(parents[0]), 6);
        Assert.True(map.Frame.TryToPixel(centreLatitude, centreLongitude, out var cx, out var cy));
        for (var py = (int)cy - 3; py <= (int)cy + 3; py++)
        {
            for (var px = (int)cx - 3; px <= (int)cx + 3; px++)
            {
                Assert.True(map.Frame.TryToLatLon(px + 0.5, py + 0.5, out var latitude, out var longitude));
                var displayCell = Healpix.LatLonToNested(latitude, longitude, map.DisplayOrder);
                Assert.Equal(viridis.Map(means[displayCell], 0, 96), image.GetPixel(px, py));
                checkedPixels++;
            }
        }

        Assert.Equal(49, checkedPixels);
    }

    [Fact]
    public async Task Render_OnMotoS3_DrawsTheSameCellsAsLocally()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var moto = await MotoServer.StartAsync(ct);
        using var client = new AmazonS3Client(new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey),
            new AmazonS3Config { ServiceURL = moto.Endpoint, ForcePathStyle = true, AuthenticationRegion = MotoServer.Region });
        await client.PutBucketAsync(new PutBucketRequest { BucketName = "maps", BucketRegionName = MotoServer.Region }, ct);
        using var s3 = new S3ObjectStore(client, "maps", "stores/south.zarr");
        var sample = await WriteSouthAsync(ct, s3);
        await WriteSouthAsync(ct);
        var request = new MapRequest { Variable = "h", VMin = 0, VMax = 555, RunId = "r1" };

        var remote = await QuicklookMap.RenderAsync(s3, request, ct);
        var local = await QuicklookMap.RenderAsync(_objects, request, ct);

        Assert.Equal(sample.Values.Count, remote.CellsWithData);
        using var remoteImage = Png.Decode(remote.Png);
        using var localImage = Png.Decode(local.Png);
        Assert.Equal(local.Frame.Area, remote.Frame.Area);
        var area = remote.Frame.Area;
        var differing = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                differing += localImage.GetPixel(x, y) == remoteImage.GetPixel(x, y) ? 0 : 1;
            }
        }

        Assert.Equal(0, differing);
    }

    [Theory]
    [InlineData(5.0, 5.0, "vmin (5) must be below vmax (5).")]
    [InlineData(6.0, 5.0, "vmin (6) must be below vmax (5).")]
    [InlineData(double.NaN, null, "vmin must be a finite number, not NaN.")]
    [InlineData(9999.0, null, "vmin 9999 is not below the 98th percentile of the values shown")]
    public async Task Render_BadColourRange_NamesIt(double? vmin, double? vmax, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await WriteSouthAsync(ct);

        var error = await Assert.ThrowsAsync<QuicklookException>(() => QuicklookMap.RenderAsync(_objects, new MapRequest { Variable = "h", VMin = vmin, VMax = vmax }, ct));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_UnknownVariableOrGroup_ListsWhatThereIs()
    {
        var ct = TestContext.Current.CancellationToken;
        await WriteSouthAsync(ct);

        var variable = await Assert.ThrowsAsync<ZarrReadException>(() => QuicklookMap.RenderAsync(_objects, new MapRequest { Variable = "h_mean" }, ct));
        var group = await Assert.ThrowsAsync<ZarrReadException>(() => QuicklookMap.RenderAsync(_objects, new MapRequest { Variable = "h", Group = "12" }, ct));
        var size = await Assert.ThrowsAsync<QuicklookException>(() => QuicklookMap.RenderAsync(_objects, new MapRequest { Variable = "h", Width = 50 }, ct));

        Assert.EndsWith("has no array 'h_mean'; its arrays are: cell_ids, h, morton, n.", variable.Message, StringComparison.Ordinal);
        Assert.EndsWith("has no group '12'; its groups are: 8.", group.Message, StringComparison.Ordinal);
        Assert.Equal("An image of 50 x 800 pixels is not drawn: each side must be 200..8000.", size.Message);
    }

    /// <summary>Three parents around 75 S: parent 0 holds 0..255 (every 7th child empty), parent 1 is never written, parent 2 holds 300..555.</summary>
    private Task<SampleStore> WriteSouthAsync(CancellationToken ct, IObjectStore? objects = null)
    {
        var parents = SampleStore.ParentsAt(4, (-75.0, 10.0), (-75.0, 25.0), (-71.0, 15.0));
        Assert.Equal(3, parents.Length);
        return SampleStore.WriteAsync(objects ?? _objects, 4, 8, parents, (p, _, i) => p == 0 ? (i % 7 == 3 ? double.NaN : i) : 300 + i, AbsentParent, ct);
    }

    private static bool InArea(MapFrame frame, long cell, int order)
    {
        var (latitude, longitude) = Healpix.NestedToLatLon(cell, order);
        return frame.TryToPixel(latitude, longitude, out var x, out var y) && frame.Area.Contains((int)Math.Floor(x), (int)Math.Floor(y));
    }

    private static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
    }
}
