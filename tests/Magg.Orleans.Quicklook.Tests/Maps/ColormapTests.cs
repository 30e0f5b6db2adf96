using Magg.Orleans.Quicklook.Maps;
using SkiaSharp;

namespace Magg.Orleans.Quicklook.Tests.Maps;

/// <summary>Colormaps against matplotlib's published end and middle colours, binned as matplotlib bins (256 equal bins).</summary>
public sealed class ColormapTests
{
    [Theory]
    [InlineData("viridis", 0.0, "440154")]
    [InlineData("viridis", 1.0, "fde725")]
    [InlineData("viridis", 0.54, "1f9a8a")]
    [InlineData("cividis", 0.0, "00224e")]
    [InlineData("cividis", 1.0, "fee838")]
    [InlineData("RdBu", 0.0, "67001f")]
    [InlineData("RdBu", 0.5, "f6f7f7")]
    [InlineData("rdbu", 1.0, "053061")]
    [InlineData("viridis_r", 0.0, "fde725")]
    [InlineData("VIRIDIS", -3.0, "440154")]
    [InlineData("viridis", 7.0, "fde725")]
    public void At_Position_GivesMatplotlibsColour(string name, double t, string hex)
    {
        var colour = Colormap.Get(name).At(t);

        Assert.Equal(SKColor.Parse(hex), colour);
    }

    [Fact]
    public void Map_ValueOnScale_BinsLikeMatplotlib()
    {
        var viridis = Colormap.Get("viridis");

        Assert.Equal(viridis.At(138 / 256.0), viridis.Map(300, 0, 555));
        Assert.Equal(viridis.At(0.999), viridis.Map(555, 0, 555));
        Assert.Equal(SKColors.Transparent, viridis.At(double.NaN));
        Assert.True(Colormap.Get("rdbu_r").IsDiverging);
        Assert.False(viridis.IsDiverging);
    }

    [Fact]
    public void Get_UnknownName_ListsTheColormaps()
    {
        var error = Assert.Throws<QuicklookException>(() => Colormap.Get("jet"));

        Assert.Equal("Unknown colormap 'jet'; choose one of: viridis, cividis, rdbu (or any of them with _r to reverse it).", error.Message);
    }
}
