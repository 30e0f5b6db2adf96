namespace Magg.Orleans.Quicklook.Maps;

/// <summary>What quicklook map to draw (the options of <c>magg-orleans plot</c>).</summary>
public sealed record MapRequest
{
    /// <summary>The array to show, e.g. <c>h_mean</c>.</summary>
    public required string Variable { get; init; }

    /// <summary>The DGGS group (e.g. <c>12</c>); null: the store's only HEALPix group.</summary>
    public string? Group { get; init; }

    /// <summary>The projection; null: south-polar when every cell lies south of 40° S, north-polar north of 40° N, else plate carrée.</summary>
    public MapProjectionKind? Projection { get; init; }

    /// <summary>Value at the bottom of the colour scale; null: the 2nd percentile of the values shown (for a diverging colormap, -max of |2nd| and |98th|).</summary>
    public double? VMin { get; init; }

    /// <summary>Value at the top of the colour scale; null: the 98th percentile of the values shown (for a diverging colormap, max of |2nd| and |98th|).</summary>
    public double? VMax { get; init; }

    /// <summary>Colormap name (<see cref="Maps.Colormap.Names"/>, optionally with <c>_r</c>).</summary>
    public string Colormap { get; init; } = "viridis";

    /// <summary>Image width in pixels (200..8000).</summary>
    public int Width { get; init; } = 1000;

    /// <summary>Image height in pixels (200..8000).</summary>
    public int Height { get; init; } = 800;

    /// <summary>The run named in the title; null: the latest run report in the store, if any.</summary>
    public string? RunId { get; init; }

    /// <summary>Draw parallels and meridians under the cells.</summary>
    public bool Graticule { get; init; } = true;

    /// <summary>Chunks read at once.</summary>
    public int ReadConcurrency { get; init; } = 8;
}
